//! `export --to ics`: RFC 5545 as real clients read it. The file's shape (CRLF, folding at 75
//! octets, escaping, one event per session or per dated activity without sessions, LOCATION,
//! CATEGORIES and URL), DTSTAMP and SEQUENCE from git history, and
//! two clients from the system's packages: khal imports it into a scratch calendar (and a newer
//! export updates the event in place), and Python's `icalendar` parses it without errors.
//!
//! khal and python3-icalendar are installed by `.ci/run`. Without them the client tests fail and
//! say so, unless `WPMATRIX_SKIP_CALENDAR_CLIENTS=1` is set on purpose.

use std::path::Path;
use std::process::Command;

use crate::common::repo::Repo;
use crate::common::wpmatrix;
use wpmatrix::model::{
    Activity, Mode, Output, OutputKind, PlanDate, Programme, Session, SessionStatus, Status, Theme,
};

fn activity<'a>(p: &'a mut Programme, id: &str) -> &'a mut Activity {
    let cell = p
        .find(id)
        .unwrap_or_else(|| panic!("{id} in the programme"));
    p.activity_mut(cell).unwrap()
}

#[expect(clippy::unnecessary_wraps, reason = "it fills optional date fields")]
fn date(text: &str) -> Option<PlanDate> {
    Some(text.parse().unwrap())
}

/// Dates of every precision, a cancellation, a lone start and a lone end, a text to escape.
fn with_dates(p: &mut Programme) {
    let conference = activity(p, "pes-stakeholder-conference");
    conference.start = date("2022-03-15");
    conference.end = date("2022-03-16");
    conference.description = "Skills; shortages, \\ and a second\nline".to_string();
    let board = activity(p, "pes-board");
    board.start = date("2022-03");
    board.end = date("2022-Q3");
    let research = activity(p, "research");
    research.end = date("2022-Q2");
    research.status = Status::Cancelled;
    activity(p, "afepas").start = date("2022-11-08");
    activity(p, "quality-management").end = date("2022-05-31");
    with_sessions(p);
}

/// Three sessions of one undated activity: held on site and online, planned online by the
/// month, cancelled; a theme, and an output with a link.
fn with_sessions(p: &mut Programme) {
    p.themes = vec![Theme {
        id: "skills".into(),
        name: "Skills & jobs".into(),
    }];
    let dialogues = activity(p, "thematic-learning-dialogues");
    dialogues.themes = vec!["skills".into()];
    dialogues.outputs = vec![
        Output {
            kind: OutputKind::Paper,
            title: "Not online".into(),
            link: None,
            date: None,
        },
        Output {
            kind: OutputKind::Report,
            title: "Summary".into(),
            link: Some("https://example.org/tld?a=1;b=2".into()),
            date: None,
        },
    ];
    dialogues.sessions = vec![
        Session {
            id: 1,
            start: date("2022-04-05"),
            end: date("2022-04-06"),
            place: "Vienna".into(),
            country: "AT".into(),
            mode: Some(Mode::Hybrid),
            host: "AT".into(),
            participants: Some(80),
            online: Some(30),
            status: SessionStatus::Held,
        },
        Session {
            id: 3,
            start: date("2022-10"),
            mode: Some(Mode::Online),
            ..Session::default()
        },
        Session {
            id: 2,
            start: date("2022-06-21"),
            place: "Lisbon".into(),
            country: "PT".into(),
            mode: Some(Mode::Physical),
            status: SessionStatus::Cancelled,
            ..Session::default()
        },
        Session {
            id: 4,
            place: "Nowhere yet".into(),
            ..Session::default()
        },
    ];
}

/// The repository, with the dates committed.
fn dated_repo() -> Repo {
    let repo = Repo::with_drivers();
    repo.change(2022, "dates", with_dates);
    repo
}

struct Export {
    ics: String,
    stderr: String,
}

fn export(repo: &Repo) -> Export {
    let run = repo.wpmatrix(&["export", "programmes/2022.ron", "--to", "ics"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    Export {
        ics: run.stdout,
        stderr: run.stderr,
    }
}

/// The content lines, unfolded.
fn unfolded(ics: &str) -> Vec<String> {
    ics.replace("\r\n ", "")
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

/// The properties of the event with this UID, unfolded.
fn event(ics: &str, uid: &str) -> Vec<String> {
    let lines = unfolded(ics);
    let start = lines
        .iter()
        .position(|l| *l == format!("UID:{uid}"))
        .unwrap_or_else(|| panic!("{uid} in {ics}"));
    lines[start..]
        .iter()
        .take_while(|l| *l != "END:VEVENT")
        .cloned()
        .collect()
}

fn has(event: &[String], line: &str) -> bool {
    event.iter().any(|l| l == line)
}

fn commit_time(repo: &Repo) -> String {
    let seconds: i64 = repo
        .git(&["log", "-1", "--format=%ct"])
        .trim()
        .parse()
        .unwrap();
    chrono::DateTime::from_timestamp(seconds, 0)
        .unwrap()
        .format("%Y%m%dT%H%M%SZ")
        .to_string()
}

#[test]
fn ics_is_crlf_folded_at_75_octets_with_one_event_per_dated_activity() {
    let repo = dated_repo();
    let Export { ics, stderr } = export(&repo);
    assert_eq!(
        stderr,
        "note: 26 activities without dates left out of the calendar (8 events in it)\n"
    );
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//wpmatrix//"));
    assert!(ics.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"));
    assert!(!ics.replace("\r\n", "").contains('\n'), "bare LF");
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }
    assert_eq!(ics.matches("BEGIN:VEVENT\r\n").count(), 8);
    // A day range: all-day, the end exclusive; the text escaped.
    let conference = event(&ics, "2022/pes-stakeholder-conference@wpmatrix");
    assert!(has(&conference, "DTSTART;VALUE=DATE:20220315"));
    assert!(has(&conference, "DTEND;VALUE=DATE:20220317"));
    assert!(has(&conference, "STATUS:CONFIRMED"));
    assert!(has(&conference, "CATEGORIES:Online"));
    assert!(has(
        &conference,
        "DESCRIPTION:Skills\\; shortages\\, \\\\ and a second\\nline\\n\\nCluster: Recovery and \
         structural changes\\nStatus: planned\\nDates: 15 Mar 2022 – 16 Mar 2022"
    ));
    // Month to quarter: the whole span, tentative, its precision said twice.
    let board = event(&ics, "2022/pes-board@wpmatrix");
    assert!(has(&board, "DTSTART;VALUE=DATE:20220301"));
    assert!(has(&board, "DTEND;VALUE=DATE:20221001"));
    assert!(has(&board, "STATUS:TENTATIVE"));
    assert!(has(&board, "X-WPMATRIX-PRECISION:quarter"));
    assert!(
        board
            .iter()
            .any(|l| l.ends_with("\\nPrecision: quarter (the exact days are not known yet)"))
    );
    // Only an end: a one-day deadline on its last day; cancelled.
    let research = event(&ics, "2022/research@wpmatrix");
    assert!(has(&research, "SUMMARY:Deadline: Research"));
    assert!(has(&research, "DTSTART;VALUE=DATE:20220630"));
    assert!(has(&research, "DTEND;VALUE=DATE:20220701"));
    assert!(has(&research, "STATUS:CANCELLED"));
    // Only a start: one day.
    let afepas = event(&ics, "2022/afepas@wpmatrix");
    assert!(has(&afepas, "DTSTART;VALUE=DATE:20221108"));
    assert!(has(&afepas, "DTEND;VALUE=DATE:20221109"));
    assert!(has(&afepas, "STATUS:CONFIRMED"));
}

#[test]
fn two_exports_are_identical_and_stamped_by_the_last_commit() {
    let repo = dated_repo();
    let first = export(&repo).ics;
    std::thread::sleep(std::time::Duration::from_millis(1100));
    assert_eq!(export(&repo).ics, first, "the clock plays no part");
    let stamp = commit_time(&repo);
    assert_eq!(
        first.matches(&format!("DTSTAMP:{stamp}\r\n")).count(),
        8,
        "{first}"
    );
    assert_eq!(first.matches("SEQUENCE:0\r\n").count(), 8);
}

#[test]
fn sequence_counts_the_commits_that_changed_each_event() {
    let repo = dated_repo();
    repo.change(2022, "board later", |p| {
        activity(p, "pes-board").end = date("2022-10-15");
    });
    repo.change(2022, "board later still", |p| {
        activity(p, "pes-board").end = date("2022-11-15");
    });
    repo.change(2022, "an undated note elsewhere", |p| {
        activity(p, "research").notes = "not in the calendar".into();
    });
    repo.change(2022, "a session moves, another is added before it", |p| {
        let dialogues = activity(p, "thematic-learning-dialogues");
        dialogues.sessions[0].end = date("2022-04-07");
        dialogues.sessions.insert(
            0,
            Session {
                id: 5,
                start: date("2022-12-01"),
                ..Session::default()
            },
        );
    });
    let ics = export(&repo).ics;
    assert!(has(&event(&ics, "2022/pes-board@wpmatrix"), "SEQUENCE:2"));
    let sessions = "2022/thematic-learning-dialogues";
    assert!(has(
        &event(&ics, &format!("{sessions}/s1@wpmatrix")),
        "SEQUENCE:1"
    ));
    assert!(has(
        &event(&ics, &format!("{sessions}/s2@wpmatrix")),
        "SEQUENCE:0"
    ));
    assert!(has(
        &event(&ics, &format!("{sessions}/s5@wpmatrix")),
        "SEQUENCE:0"
    ));
    assert!(has(&event(&ics, "2022/afepas@wpmatrix"), "SEQUENCE:0"));
    assert!(has(&event(&ics, "2022/research@wpmatrix"), "SEQUENCE:0"));
    let stamp = format!("DTSTAMP:{}", commit_time(&repo));
    assert!(has(&event(&ics, "2022/afepas@wpmatrix"), &stamp));
    // A change not yet committed counts too, stamped with the file's modification time.
    let (_, mut p) = repo.read(2022);
    activity(&mut p, "afepas").start = date("2022-11-09");
    repo.save(&p);
    let modified = chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap();
    let file = std::fs::File::options()
        .append(true)
        .open(repo.file(2022))
        .unwrap();
    file.set_modified(modified.into()).unwrap();
    let ics = export(&repo).ics;
    let afepas = event(&ics, "2022/afepas@wpmatrix");
    assert!(has(&afepas, "SEQUENCE:1"), "{afepas:?}");
    assert!(has(&afepas, "DTSTAMP:20231114T221320Z"), "{afepas:?}");
}

#[test]
fn outside_git_the_stamp_is_the_files_modification_time() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("2022.ron");
    let mut programme = crate::common::shipped();
    with_dates(&mut programme);
    wpmatrix::store::save(&path, &programme).unwrap();
    let file = std::fs::File::options().append(true).open(&path).unwrap();
    let modified = chrono::DateTime::from_timestamp(1_650_000_000, 0).unwrap();
    file.set_modified(modified.into()).unwrap();
    let out = wpmatrix()
        .args(["export", "--to", "ics"])
        .arg(&path)
        .assert()
        .success();
    let ics = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert_eq!(
        ics.matches("DTSTAMP:20220415T052000Z\r\n").count(),
        8,
        "{ics}"
    );
    assert_eq!(ics.matches("SEQUENCE:0\r\n").count(), 8);
}

// ---------------------------------------------------------------- real clients

/// Whether a client can run, or why the test fails: CI installs it (`.ci/run`).
fn client(program: &str, probe: &[&str], package: &str) -> bool {
    let works = Command::new(program)
        .args(probe)
        .output()
        .is_ok_and(|out| out.status.success());
    if works {
        return true;
    }
    if std::env::var_os("WPMATRIX_SKIP_CALENDAR_CLIENTS").is_some_and(|v| v == "1") {
        eprintln!("skipping the {program} test: WPMATRIX_SKIP_CALENDAR_CLIENTS=1");
        return false;
    }
    panic!(
        "the calendar test needs {program} from the Debian package {package}. Install it as \
         .ci/run does (`apt-get install -y khal python3-icalendar`), or set \
         WPMATRIX_SKIP_CALENDAR_CLIENTS=1 to skip this test on purpose"
    );
}

/// khal with a scratch calendar and its own configuration and database.
struct Khal {
    dir: tempfile::TempDir,
}

impl Khal {
    fn new() -> Khal {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("calendar")).unwrap();
        std::fs::write(
            root.join("config"),
            format!(
                "[calendars]\n[[scratch]]\npath = {0}/calendar\ntype = calendar\n\
                 [locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\n\
                 longdateformat = %Y-%m-%d\ndatetimeformat = %Y-%m-%d %H:%M\n\
                 longdatetimeformat = %Y-%m-%d %H:%M\n\
                 [default]\ndefault_calendar = scratch\n[sqlite]\npath = {0}/khal.db\n",
                root.display()
            ),
        )
        .unwrap();
        Khal { dir }
    }

    fn run(&self, args: &[&str]) -> String {
        let out = crate::common::run::output(
            Command::new("khal")
                .arg("-c")
                .arg(self.dir.path().join("config"))
                .args(args)
                .env("HOME", self.dir.path())
                .env("XDG_CONFIG_HOME", self.dir.path())
                .env("XDG_DATA_HOME", self.dir.path()),
        );
        assert!(
            out.status.success(),
            "khal {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn import(&self, ics: &Path) {
        self.run(&["import", "--batch", "-a", "scratch", &ics.to_string_lossy()]);
    }

    /// Every event once: start, end, title, status, UID.
    fn events(&self) -> Vec<String> {
        let listed = self.run(&[
            "list",
            "--once",
            "--day-format",
            "",
            "--format",
            "{start-date}|{end-date}|{title}|{status}|{uid}",
            "2021-01-01",
            "1000d",
        ]);
        listed
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.replace(" |", "|"))
            .collect()
    }
}

#[test]
fn khal_imports_the_calendar_and_a_newer_export_updates_it_in_place() {
    if !client("khal", &["--version"], "khal") {
        return;
    }
    let repo = dated_repo();
    let first = repo.path().join("first.ics");
    std::fs::write(&first, export(&repo).ics).unwrap();
    let khal = Khal::new();
    khal.import(&first);
    assert_eq!(
        khal.events(),
        [
            "2022-03-01|2022-09-30|PES Board|TENTATIVE|2022/pes-board@wpmatrix",
            "2022-03-15|2022-03-16|PES Stakeholder conference|CONFIRMED|2022/pes-stakeholder-conference@wpmatrix",
            "2022-04-05|2022-04-06|Thematic learning dialogues (Vienna, AT and online)|CONFIRMED|2022/thematic-learning-dialogues/s1@wpmatrix",
            "2022-05-31|2022-05-31|Deadline: Quality management|CONFIRMED|2022/quality-management@wpmatrix",
            "2022-06-21|2022-06-21|Thematic learning dialogues (Lisbon, PT)|CANCELLED|2022/thematic-learning-dialogues/s2@wpmatrix",
            "2022-06-30|2022-06-30|Deadline: Research|CANCELLED|2022/research@wpmatrix",
            "2022-10-01|2022-10-31|Thematic learning dialogues (online)|TENTATIVE|2022/thematic-learning-dialogues/s3@wpmatrix",
            "2022-11-08|2022-11-08|AFEPAs|CONFIRMED|2022/afepas@wpmatrix",
        ]
    );
    repo.change(2022, "the Board is fixed to a day, a session moves", |p| {
        let board = activity(p, "pes-board");
        board.start = date("2022-06-14");
        board.end = date("2022-06-15");
        let dialogues = activity(p, "thematic-learning-dialogues");
        // A session added before it in the list does not change the moved session's UID.
        dialogues.sessions[1].start = date("2022-10-20");
        dialogues.sessions.insert(
            0,
            Session {
                id: 5,
                start: date("2022-12-01"),
                ..Session::default()
            },
        );
    });
    let second = repo.path().join("second.ics");
    std::fs::write(&second, export(&repo).ics).unwrap();
    khal.import(&second);
    // One listing serves both checks: each khal run is a Python start.
    let events = khal.events();
    let board: Vec<&String> = events.iter().filter(|e| e.contains("pes-board")).collect();
    assert_eq!(
        board,
        ["2022-06-14|2022-06-15|PES Board|CONFIRMED|2022/pes-board@wpmatrix"],
        "one event, with the new dates"
    );
    let dialogues: Vec<&String> = events
        .iter()
        .filter(|e| e.contains("thematic-learning-dialogues"))
        .collect();
    assert_eq!(
        dialogues,
        [
            "2022-04-05|2022-04-06|Thematic learning dialogues (Vienna, AT and online)|CONFIRMED|2022/thematic-learning-dialogues/s1@wpmatrix",
            "2022-06-21|2022-06-21|Thematic learning dialogues (Lisbon, PT)|CANCELLED|2022/thematic-learning-dialogues/s2@wpmatrix",
            "2022-10-20|2022-10-20|Thematic learning dialogues (online)|CONFIRMED|2022/thematic-learning-dialogues/s3@wpmatrix",
            "2022-12-01|2022-12-01|Thematic learning dialogues|CONFIRMED|2022/thematic-learning-dialogues/s5@wpmatrix",
        ],
        "the moved session is one event, with its new day; the new one is added"
    );
}

/// A Python that has the `icalendar` module: Debian's, else the one on the PATH.
fn python_with_icalendar() -> Option<&'static str> {
    ["/usr/bin/python3", "python3"].into_iter().find(|python| {
        Command::new(python)
            .args(["-c", "import icalendar"])
            .output()
            .is_ok_and(|out| out.status.success())
    })
}

#[test]
fn python_icalendar_parses_the_calendar_without_errors() {
    let Some(python) = python_with_icalendar() else {
        client("python3-icalendar", &["--version"], "python3-icalendar");
        return;
    };
    let repo = dated_repo();
    let file = repo.path().join("wp.ics");
    std::fs::write(&file, export(&repo).ics).unwrap();
    let script = r"
import sys, icalendar
calendar = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
errors = [(c.name, c.errors) for c in calendar.walk() if getattr(c, 'errors', None)]
for event in calendar.walk('VEVENT'):
    print(event['UID'], event['DTSTART'].dt, event['DTEND'].dt, event['STATUS'], event['SEQUENCE'])
print('errors', errors)
print('description', repr(str(calendar.walk('VEVENT')[0]['DESCRIPTION'])))
session = calendar.walk('VEVENT')[1]
print('session', session['LOCATION'], session['URL'], [str(c) for c in session['CATEGORIES'].cats])
print('session', repr(str(session['DESCRIPTION'])))
";
    let out = crate::common::run::output(Command::new(python).args(["-c", script]).arg(&file));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "2022/pes-stakeholder-conference@wpmatrix 2022-03-15 2022-03-17 CONFIRMED 0
2022/thematic-learning-dialogues/s1@wpmatrix 2022-04-05 2022-04-07 CONFIRMED 0
2022/thematic-learning-dialogues/s3@wpmatrix 2022-10-01 2022-11-01 TENTATIVE 0
2022/thematic-learning-dialogues/s2@wpmatrix 2022-06-21 2022-06-22 CANCELLED 0
2022/quality-management@wpmatrix 2022-05-31 2022-06-01 CONFIRMED 0
2022/research@wpmatrix 2022-06-30 2022-07-01 CANCELLED 0
2022/pes-board@wpmatrix 2022-03-01 2022-10-01 TENTATIVE 0
2022/afepas@wpmatrix 2022-11-08 2022-11-09 CONFIRMED 0
errors []
description 'Skills; shortages, \\\\ and a second\\nline\\n\\nCluster: Recovery and structural changes\\nStatus: planned\\nDates: 15 Mar 2022 – 16 Mar 2022'
session Vienna, AT and online https://example.org/tld?a=1;b=2 ['Workshop', 'Skills & jobs']
session 'Deepening discussion on PES priority topics identified during benchlearning\\n\\nCluster: PES performance management\\nStatus: planned\\nSession 1: held\\nDates: 5 Apr 2022 – 6 Apr 2022\\nMode: hybrid\\nHost: AT\\nParticipants: 80 (30 online)'
"
    );
}
