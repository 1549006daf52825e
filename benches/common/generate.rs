//! Generated programmes of any size, the same on every run, for benches and tests alike (tests
//! include this file with `#[path]`): many clusters, every date precision, every status, and
//! text that is hard to read back (quotes, backslashes, line breaks, control characters,
//! comment and bracket look-alikes, non-ASCII).
#![allow(dead_code)]

use chrono::NaiveDate;
use wpmatrix::model::{
    Activity, Cluster, FieldDecl, Format, Mode, Output, OutputKind, OwnKind, PlanDate, Programme,
    Session, SessionStatus, Status, Theme,
};

/// A small deterministic generator, so every run sees the same programmes.
pub struct Lcg(pub u64);

impl Lcg {
    pub fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n.max(1)
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub fn word(&mut self, words: &[&'static str]) -> &'static str {
        words[self.below(words.len())]
    }
}

/// Words for titles and descriptions.
pub const WORDS: &[&str] = &[
    "skills",
    "guidance",
    "employers",
    "youth",
    "digital",
    "green",
    "recovery",
    "training",
    "outreach",
    "benchlearning",
    "labour",
    "market",
    "Ärzte",
    "møde",
    "Übergang",
    "emploi—jeunes",
    "職業",
    "🚀",
];

/// Text that trips up readers and writers: each one somewhere in every large programme.
const HOSTILE: &[&str] = &[
    "say \"hello\"",
    "back\\slash \\n not a newline",
    "two\nlines",
    "tab\there",
    "carriage\r\nreturn",
    "escape \u{1b}[31mred\u{1b}[0m",
    "bell \u{7} and nul \u{0}",
    "// not a comment",
    "/* not a comment */",
    "r#\"not raw\"#",
    "Some(\"x\"), None: [1, 2]",
    "trailing space ",
    "'quoted'",
    "\u{feff}bom inside",
    "",
];

const FORMATS: &[&str] = &[
    "Seminar",
    "Webinar",
    "Working Group",
    "Study",
    "Thematic Review Workshop",
    "Toolkit",
    "Peer learning \"light\"",
    "Hackathon",
];

/// How many activities a generated cluster holds at most.
const CLUSTER_SIZE: usize = 40;

/// A programme of exactly `activities` activities in clusters of up to 40, varied text.
pub fn programme(activities: usize, seed: u64) -> Programme {
    let mut rng = Lcg(seed);
    let year = 2022;
    let mut p = Programme::new(
        year,
        format!("Generated Work Programme {year} ({activities})"),
    );
    p.adopted = NaiveDate::from_ymd_opt(year - 1, 12, 10);
    let mut n = 0;
    while n < activities {
        let c = p.clusters.len();
        let mut cluster = Cluster::new(format!("cluster-{c}"), sentence(&mut rng, 3));
        cluster.summary = if c.is_multiple_of(3) {
            hostile(&mut rng)
        } else {
            sentence(&mut rng, 12)
        };
        let size = (1 + rng.below(CLUSTER_SIZE)).min(activities - n);
        for _ in 0..size {
            cluster.activities.push(activity(&mut rng, year, n));
            n += 1;
        }
        p.clusters.push(cluster);
    }
    p
}

/// [`programme`] with the optional fields filled as a busy network fills them: the programme
/// declares four themes and three own fields, and each activity has up to 2 leads, 2 sessions,
/// 1 output, 1 theme and 2 own-field values. The rest is [`programme`]'s, activity for activity
/// (the filling draws from its own generator), so benches compare like with like. Like a
/// real programme it is healthy: every session lies inside its activity's span and every code is
/// valid, so a check measures the reader and the checker, not the reporting of problems.
pub fn programme_filled(activities: usize, seed: u64) -> Programme {
    filled(activities, seed, Sessions::InSpan)
}

/// [`programme_filled`] with its sessions dated at random in the year, so most of them fall
/// outside their activity's span: a file with tens of thousands of warnings, to measure what
/// reporting problems costs.
pub fn programme_filled_with_problems(activities: usize, seed: u64) -> Programme {
    filled(activities, seed, Sessions::AnyMonth)
}

/// How a filled programme dates its sessions.
#[derive(Clone, Copy)]
enum Sessions {
    /// At the start of the activity (or its end, when it has no start).
    InSpan,
    /// In any month of the year.
    AnyMonth,
}

fn filled(activities: usize, seed: u64, sessions: Sessions) -> Programme {
    let mut p = programme(activities, seed);
    let mut rng = Lcg(seed ^ 0x5eed_f1e1d);
    p.themes = ["green", "digital", "youth", "mobility"]
        .iter()
        .map(|id| Theme {
            id: id.to_string(),
            name: format!("{} transition", sentence(&mut rng, 2)),
        })
        .collect();
    p.fields = vec![
        FieldDecl {
            id: "budget".into(),
            name: "Budget (EUR)".into(),
            kind: OwnKind::Number,
        },
        FieldDecl {
            id: "rapporteur".into(),
            name: String::new(),
            kind: OwnKind::Text,
        },
        FieldDecl {
            id: "priority".into(),
            name: "Priority".into(),
            kind: OwnKind::Choice(vec!["high".into(), "medium".into(), "low".into()]),
        },
    ];
    let year = p.year;
    for cluster in &mut p.clusters {
        for activity in &mut cluster.activities {
            fill(&mut rng, year, sessions, activity);
        }
    }
    p
}

const LEADS: &[&str] = &[
    "FR",
    "BE: Actiris",
    "DE: Bundesagentur für Arbeit",
    "EL",
    "ECO",
    "ES",
];
const CITIES: &[(&str, &str)] = &[
    ("Brussels", "BE"),
    ("Lyon", "FR"),
    ("Praha", "CZ"),
    ("Málaga", "ES"),
    ("Bratislava", "SK"),
];

fn fill(rng: &mut Lcg, year: i32, sessions: Sessions, a: &mut Activity) {
    a.leads = (0..rng.below(3))
        .map(|_| rng.word(LEADS).to_string())
        .collect();
    a.leads.dedup();
    for id in 1..=u32::try_from(rng.below(3)).unwrap_or(0) {
        let (place, country) = *rng.pick(CITIES);
        // Drawn either way, so both kinds of programme are the same but for these dates.
        let month = 1 + u32::try_from(rng.below(12)).unwrap_or(0);
        let start = match sessions {
            Sessions::InSpan => a.start.or(a.end),
            Sessions::AnyMonth => Some(PlanDate::Month { year, month }),
        };
        a.sessions.push(Session {
            id,
            start,
            end: None,
            place: place.into(),
            country: country.into(),
            mode: Some(*rng.pick(Mode::ALL)),
            host: country.into(),
            participants: Some(20 + u32::try_from(rng.below(500)).unwrap_or(0)),
            online: (rng.below(2) == 0).then_some(10),
            status: *rng.pick(SessionStatus::ALL),
        });
    }
    if rng.below(2) == 0 {
        a.outputs.push(Output {
            kind: *rng.pick(OutputKind::ALL),
            title: sentence(rng, 5),
            link: (rng.below(2) == 0).then(|| format!("https://example.org/{}", a.id)),
            date: Some(PlanDate::Quarter { year, quarter: 4 }),
        });
    }
    if rng.below(2) == 0 {
        a.themes.push(
            rng.word(&["green", "digital", "youth", "mobility"])
                .to_string(),
        );
    }
    let values = [
        ("budget", format!("{}", 1000 * (1 + rng.below(300)))),
        ("rapporteur", sentence(rng, 2)),
        ("priority", rng.word(&["high", "medium", "low"]).to_string()),
    ];
    for (id, value) in values.into_iter().take(rng.below(3)) {
        a.values.insert(id.to_string(), value);
    }
}

fn activity(rng: &mut Lcg, year: i32, n: usize) -> Activity {
    let mut a = Activity::new(format!("activity-{n}"), sentence(rng, 4));
    a.description = match rng.below(4) {
        0 => hostile(rng),
        1 => String::new(),
        _ => sentence(rng, 20),
    };
    a.formats = (0..rng.below(3))
        .map(|_| Format::parse(rng.word(FORMATS)))
        .collect();
    a.status = *rng.pick(&Status::ALL);
    let (start, end) = dates(rng, year);
    a.start = start;
    a.end = end;
    if rng.below(5) == 0 {
        a.follow_up_of = Some(format!("{}/activity-{n}", year - 1));
    }
    if rng.below(3) == 0 {
        a.notes = hostile(rng);
    }
    a
}

/// A start and an end in the year, in order, of any precision, either possibly missing.
fn dates(rng: &mut Lcg, year: i32) -> (Option<PlanDate>, Option<PlanDate>) {
    let month = 1 + u32::try_from(rng.below(12)).unwrap();
    let start = match rng.below(4) {
        0 => None,
        1 => NaiveDate::from_ymd_opt(year, month, 1 + u32::try_from(rng.below(28)).unwrap())
            .map(PlanDate::Day),
        2 => Some(PlanDate::Month { year, month }),
        _ => Some(PlanDate::Quarter {
            year,
            quarter: (month - 1) / 3 + 1,
        }),
    };
    let end = match (rng.below(3), start) {
        (0, _) => None,
        (1, _) => Some(PlanDate::Quarter { year, quarter: 4 }),
        (_, _) => NaiveDate::from_ymd_opt(year, 12, 31).map(PlanDate::Day),
    };
    (start, end)
}

fn sentence(rng: &mut Lcg, words: usize) -> String {
    let mut out = String::new();
    for i in 0..=rng.below(words) {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(rng.word(WORDS));
    }
    out
}

fn hostile(rng: &mut Lcg) -> String {
    format!("{} {}", rng.word(HOSTILE), sentence(rng, 4))
}
