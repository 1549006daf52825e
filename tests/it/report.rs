//! `wpmatrix report` on a programme with a known history in a scratch git repository: adopted
//! (tagged `wp-2022-adopted`), then a slip, a cancellation, an addition, a drop, a delivery. The
//! figures and lists are checked exactly in every format; the HTML page is printed by Chromium.

use crate::common::browser;
use crate::common::repo::Repo;
use wpmatrix::model::{Activity, Programme, Status};

fn activity<'a>(p: &'a mut Programme, id: &str) -> &'a mut Activity {
    let cell = p
        .find(id)
        .unwrap_or_else(|| panic!("{id} in the programme"));
    p.activity_mut(cell).unwrap()
}

#[expect(clippy::unnecessary_wraps, reason = "it fills optional date fields")]
fn date(text: &str) -> Option<wpmatrix::model::PlanDate> {
    Some(text.parse().unwrap())
}

/// The year's history: adopted with dates, then changed commit by commit.
fn year_with_history() -> Repo {
    let repo = Repo::with_drivers();
    repo.change(2022, "dates as adopted", |p| {
        let conference = activity(p, "pes-stakeholder-conference");
        conference.start = date("2022-03-15");
        conference.end = date("2022-03-15");
        activity(p, "pes-board").end = date("2022-06");
        activity(p, "research").end = date("2022-Q2");
        activity(p, "behavioural-science").end = date("2022-Q4");
        activity(p, "quality-management").end = date("2022-05");
    });
    repo.git(&["tag", "wp-2022-adopted"]);
    repo.change(2022, "the conference took place", |p| {
        activity(p, "pes-stakeholder-conference").status = Status::Done;
    });
    repo.change(2022, "the Board meets later", |p| {
        activity(p, "pes-board").end = date("2022-09-30");
    });
    repo.change(2022, "research cancelled", |p| {
        activity(p, "research").status = Status::Cancelled;
    });
    repo.change(
        2022,
        "behavioural science earlier, greening under way",
        |p| {
            activity(p, "behavioural-science").end = date("2022-10");
            activity(p, "greening-of-the-labour-market").status = Status::Ongoing;
        },
    );
    repo.change(2022, "a webinar added, short time work dropped", |p| {
        let others = p.clusters.iter().position(|c| c.id == "others").unwrap();
        let mut webinar = Activity::new("youth-guarantee-webinar", "Youth Guarantee webinar");
        webinar.start = date("2022-11");
        webinar.end = date("2022-11");
        p.clusters[others].activities.push(webinar);
        let cell = p.find("short-time-work-schemes").unwrap();
        p.clusters[cell.cluster].activities.remove(cell.activity);
    });
    repo
}

fn report(repo: &Repo, extra: &[&str]) -> String {
    let mut args = vec!["report", "programmes/2022.ron", "--today", "2022-07-01"];
    args.extend(extra);
    let run = repo.wpmatrix(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    run.stdout
}

const TEXT: &str = "\
PES Network Work Programme 2022: how the year went, as of 1 Jul 2022
Against wp-2022-adopted; 32 activities now.

                                 delivered  under way  planned  overdue  slipped  forward  postponed  cancelled  added  dropped
Recovery and structural changes          1          1        3        0        0        0          0          0      0        1
PES service delivery                     0          0        5        0        0        1          0          0      0        0
PES performance management               0          0        5        1        0        0          0          0      0        0
PES visibility and partnerships          0          0        6        0        0        0          0          0      0        0
Others                                   0          0        5        0        0        0          0          1      1        0
Meetings                                 0          0        5        0        1        0          0          0      0        0
Total                                    1          1       29        1        1        1          0          1      1        1

planned: still planned, tbc included; overdue: still planned with an end before 1 Jul 2022; slipped, forward: ending later, earlier than in wp-2022-adopted; added, dropped: since then.
";

#[test]
fn report_against_the_adoption_tag_counts_every_figure_per_cluster() {
    let repo = year_with_history();
    let text = report(&repo, &[]);
    assert!(text.starts_with(TEXT), "{text}");
    let lists = &text[TEXT.len()..];
    assert_eq!(
        lists,
        "
Delivered (1)
  Recovery and structural changes / PES Stakeholder conference (pes-stakeholder-conference), 15 Mar 2022

Under way (1)
  Recovery and structural changes / Greening of the labour market (greening-of-the-labour-market)

Still planned (29)
  Recovery and structural changes / Future skills, career guidance, lifelong learning (future-skills-career-guidance-lifelong-learning)
  Recovery and structural changes / PES support to recovery (pes-support-to-recovery)
  Recovery and structural changes / New ALMP interventions (new-almp-interventions)
  PES service delivery / New forms of service delivery (incl. digital) (new-forms-of-service-delivery)
  PES service delivery / New forms of training and skills validation (new-forms-of-training-and-skills-validation)
  PES service delivery / Behavioural science (behavioural-science), until Oct 2022
  PES service delivery / Anti-discrimination and inclusive services (anti-discrimination-and-inclusive-services)
  PES service delivery / PES support to LTUs (pes-support-to-ltus)
  PES performance management / PES Benchlearning Performance Assessments (pes-benchlearning-performance-assessments)
  PES performance management / Thematic learning dialogues (thematic-learning-dialogues)
  PES performance management / PES 4.0 Task Force (pes-4-0-task-force)
  PES performance management / PES Staff management (pes-staff-management)
  PES performance management / Quality management (quality-management), until May 2022
  PES visibility and partnerships / PES communication and visibility (pes-communication-and-visibility)
  PES visibility and partnerships / Internal communication (internal-communication)
  PES visibility and partnerships / Communication activities (communication-activities)
  PES visibility and partnerships / New forms of support to employers (new-forms-of-support-to-employers)
  PES visibility and partnerships / Partnerships for better outreach to vulnerable groups (partnerships-for-better-outreach-to-vulnerable-groups)
  PES visibility and partnerships / PES Network partnerships (pes-network-partnerships)
  Others / Mutual Assistance Projects (mutual-assistance-projects)
  Others / PES current challenges (pes-current-challenges)
  Others / PES capacity survey and PES Network annual report (pes-capacity-survey-and-pes-network-annual-report)
  Others / Labour Market Information (labour-market-information)
  Others / Youth Guarantee webinar (youth-guarantee-webinar), Nov 2022
  Meetings / PES Board (pes-board), until 30 Sep 2022
  Meetings / AFEPAs (afepas)
  Meetings / Benchlearning Working/Steering Group (benchlearning-working-steering-group)
  Meetings / Benchlearning Assessors (benchlearning-assessors)
  Meetings / Work Programme 2023 (work-programme-2023)

Overdue (1)
  PES performance management / Quality management (quality-management), until May 2022

Slipped (1)
  Meetings / PES Board (pes-board): end 30 Jun 2022 → 30 Sep 2022, 92 days later

Brought forward (1)
  PES service delivery / Behavioural science (behavioural-science): end 31 Dec 2022 → 31 Oct 2022, 61 days earlier

Cancelled (1)
  Others / Research (research), until Q2 2022

Added since (1)
  Others / Youth Guarantee webinar (youth-guarantee-webinar), Nov 2022

Dropped since (1)
  Recovery and structural changes / Short time work schemes (short-time-work-schemes)
"
    );
}

#[test]
fn against_names_any_revision_and_the_figures_follow_it() {
    let repo = year_with_history();
    // Against the commit before the last: the Board's slip and the earlier end are older than
    // that; the addition and the drop are since.
    let text = report(&repo, &["--against", "HEAD~1"]);
    assert!(
        text.contains("Against HEAD~1; 32 activities now."),
        "{text}"
    );
    assert!(text.contains(
        "Total                                    1          1       29        1        0        0          0          1      1        1\n"
    ), "{text}");
    assert!(!text.contains("Slipped ("));
    // The same through REV:PATH, as diff takes it.
    let same = report(&repo, &["--against", "HEAD~1:programmes/2022.ron"]);
    assert_eq!(same.replace("HEAD~1:programmes/2022.ron", "HEAD~1"), text);
}

#[test]
fn without_a_tag_or_git_the_report_covers_the_programme_as_it_stands() {
    let dir = tempfile::tempdir().unwrap();
    let file = crate::common::copy_of_2022(dir.path());
    let out = crate::common::wpmatrix()
        .args(["report", "--today", "2022-07-01"])
        .arg(&file)
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.contains(
        "No earlier version to compare with: the programme as it stands; 32 activities.\n\n\
         \u{20}                                delivered  under way  planned  overdue  postponed  cancelled\n"
    ), "{text}");
    assert!(!text.contains("slipped"));
}

#[test]
fn report_as_markdown() {
    let repo = year_with_history();
    let md = report(
        &repo,
        &["--format", "md", "--filter", "cluster:meetings,others"],
    );
    assert_eq!(
        md,
        "# PES Network Work Programme 2022: how the year went

As of 1 July 2022. Against wp-2022-adopted; 11 activities now.

| Cluster | delivered | under way | still planned | overdue | slipped | brought forward | postponed | cancelled | added since | dropped since |
| --- | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: |
| Others | 0 | 0 | 5 | 0 | 0 | 0 | 0 | 1 | 1 | 0 |
| Meetings | 0 | 0 | 5 | 0 | 1 | 0 | 0 | 0 | 0 | 0 |
| **Total** | **0** | **0** | **10** | **0** | **1** | **0** | **0** | **1** | **1** | **0** |

still planned includes tbc; overdue: still planned with an end before 1 Jul 2022; slipped, brought forward: ending later, earlier than in wp-2022-adopted; added, dropped: since then.

## Still planned (10)

- Others / Mutual Assistance Projects (mutual-assistance-projects)
- Others / PES current challenges (pes-current-challenges)
- Others / PES capacity survey and PES Network annual report (pes-capacity-survey-and-pes-network-annual-report)
- Others / Labour Market Information (labour-market-information)
- Others / Youth Guarantee webinar (youth-guarantee-webinar), Nov 2022
- Meetings / PES Board (pes-board), until 30 Sep 2022
- Meetings / AFEPAs (afepas)
- Meetings / Benchlearning Working/Steering Group (benchlearning-working-steering-group)
- Meetings / Benchlearning Assessors (benchlearning-assessors)
- Meetings / Work Programme 2023 (work-programme-2023)

## Slipped (1)

- Meetings / PES Board (pes-board): end 30 Jun 2022 → 30 Sep 2022, 92 days later

## Cancelled (1)

- Others / Research (research), until Q2 2022

## Added since (1)

- Others / Youth Guarantee webinar (youth-guarantee-webinar), Nov 2022
"
    );
}

#[test]
fn report_as_csv_lists_each_activity_behind_each_figure() {
    let repo = year_with_history();
    let csv = report(
        &repo,
        &["--format", "csv", "--filter", "status:done,cancelled"],
    );
    assert_eq!(
        csv.replace("\r\n", "\n"),
        "figure,cluster_id,cluster,activity_id,title,status,start,end,end_was,end_now,days_moved
delivered,recovery-and-structural-changes,Recovery and structural changes,pes-stakeholder-conference,PES Stakeholder conference,done,2022-03-15,2022-03-15,,,
cancelled,others,Others,research,Research,cancelled,,2022-Q2,,,
"
    );
    let csv = report(
        &repo,
        &["--format", "csv", "--filter", "id:board,short,webinar"],
    );
    assert_eq!(
        csv.replace("\r\n", "\n"),
        "figure,cluster_id,cluster,activity_id,title,status,start,end,end_was,end_now,days_moved
still_planned,others,Others,youth-guarantee-webinar,Youth Guarantee webinar,planned,2022-11,2022-11,,,
still_planned,meetings,Meetings,pes-board,PES Board,planned,,2022-09-30,,,
slipped,meetings,Meetings,pes-board,PES Board,planned,,2022-09-30,2022-06-30,2022-09-30,92
added,others,Others,youth-guarantee-webinar,Youth Guarantee webinar,planned,2022-11,2022-11,,,
dropped,recovery-and-structural-changes,Recovery and structural changes,short-time-work-schemes,Short time work schemes,planned,,,,,
"
    );
}

#[test]
fn report_as_json_has_the_figures_and_their_activities() {
    let repo = year_with_history();
    let json = report(&repo, &["--format", "json", "--filter", "id:board"]);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["against"], "wp-2022-adopted");
    assert_eq!(value["today"], "2022-07-01");
    assert_eq!(value["compared"], true);
    assert_eq!(value["activities"], 1);
    let meetings = &value["clusters"][0];
    assert_eq!(
        value["clusters"].as_array().map(Vec::len),
        Some(1),
        "only the cluster kept"
    );
    assert_eq!(meetings["id"], "meetings");
    assert_eq!(
        meetings["figures"]["slipped"],
        serde_json::json!([{
            "id": "pes-board",
            "title": "PES Board",
            "status": "planned",
            "start": null,
            "end": "2022-09-30",
            "moved": {"was": "2022-06-30", "now": "2022-09-30", "days": 92}
        }])
    );
    assert_eq!(meetings["figures"]["delivered"], serde_json::json!([]));
}

#[test]
fn report_refuses_a_revision_git_does_not_know_and_a_bad_filter() {
    let repo = year_with_history();
    let run = repo.wpmatrix(&["report", "programmes/2022.ron", "--against", "nope"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("wpmatrix: --against nope: `git show nope:./2022.ron` failed:"),
        "{}",
        run.stderr
    );
    let run = repo.wpmatrix(&["report", "programmes/2022.ron", "--filter", "status:nope"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("wpmatrix: --filter at column 8: unknown status \"nope\""),
        "{}",
        run.stderr
    );
    let run = repo.wpmatrix(&["report", "programmes/2022.ron", "--today", "1 July"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("is not a day like 2022-07-01"),
        "{}",
        run.stderr
    );
    let run = repo.wpmatrix(&["report", "programmes/2022.ron", "-o", "programmes/2022.ron"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("-o names the programme being reported; the report would replace it"),
        "{}",
        run.stderr
    );
}

#[test]
fn html_report_is_self_contained_with_three_charts_and_the_lists() {
    let repo = year_with_history();
    let html = report(&repo, &["--format", "html"]);
    let lower = html.to_lowercase();
    for forbidden in ["<script", "<link", "url(", "http:", "https:", "src="] {
        assert!(!lower.contains(forbidden), "the page contains {forbidden}");
    }
    assert_eq!(html.matches("<svg ").count(), 3);
    assert!(html.contains("<figcaption>Status per cluster</figcaption>"));
    // Status per cluster: one stacked bar per cluster, a segment per status it has.
    assert!(html.contains("<title>Recovery and structural changes: 3 planned</title>"));
    assert!(html.contains("<title>Recovery and structural changes: 1 done</title>"));
    assert!(html.contains("<title>Recovery and structural changes: 1 ongoing</title>"));
    // Per quarter: the webinar in Q4, the conference in Q1, undated ones apart.
    assert!(html.contains("<title>2022-Q1: 1</title>"));
    assert!(html.contains("<title>(undated): 26</title>"));
    assert!(html.contains("<h2>Slipped (1)</h2>"));
    assert!(html.contains("30 Jun 2022 → 30 Sep 2022, 92 days later"));
    assert!(
        html.contains(
            "<li class=\"card fig-dropped\"><span class=\"n\">1</span> dropped since</li>"
        )
    );
}

/// The Board prints it: A4, every list row whole on one page, the figures on the first.
#[test]
fn browser_prints_the_report_on_a4_without_splitting_a_row() {
    if browser::tools().is_none() {
        return;
    }
    let repo = year_with_history();
    // Tall rows, many of them, so the lists run over pages and a row split between two would show.
    repo.change(2022, "many long additions", |p| {
        for n in 0..60 {
            let title = format!(
                "Long {n:02} {}(end of {n:02})",
                "regional labour market forecasting with social partners ".repeat(3)
            );
            p.clusters[5]
                .activities
                .push(Activity::new(format!("long-{n:02}"), title));
        }
    });
    let page = repo.path().join("report.html");
    let run = repo.wpmatrix(&[
        "report",
        "programmes/2022.ron",
        "--today",
        "2022-07-01",
        "--format",
        "html",
        "-o",
        "report.html",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pdf = browser::print_to_pdf(&page, repo.path());
    let pages = browser::pdf_pages(&pdf);
    assert!(pages >= 2, "{pages} pages");
    let size = browser::pdf_page_size(&pdf);
    assert!(size.ends_with("(A4)"), "A4 portrait: {size}");
    let first = browser::pdf_text(&pdf, 1);
    assert!(first.contains("PES Network Work Programme 2022: how the year went"));
    assert!(first.contains("Per cluster"));
    // Every list row (title and id) is whole on one page. pdftotext reads a wrapped cell's
    // lines between those of the cells beside it, so their words (statuses, dates) are left out.
    let without_status = |text: &str| {
        const DATE_WORDS: [&str; 19] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
            "Q1", "Q2", "Q3", "Q4", "until", "from", "–",
        ];
        text.split_whitespace()
            .filter(|word| {
                !Status::ALL
                    .iter()
                    .any(|s| *word == s.as_str() || *word == s.symbol())
                    && !DATE_WORDS.contains(word)
                    && !word.bytes().all(|b| b.is_ascii_digit())
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let texts: Vec<String> = (1..=pages)
        .map(|p| without_status(&browser::pdf_layout_text(&pdf, p)))
        .collect();
    // Each activity is listed once per figure it is behind (the CSV has a record for each), and
    // each of those rows is found whole.
    let csv = report(&repo, &["--format", "csv"]);
    let squash = |t: &str| {
        t.chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
    };
    let pages: Vec<String> = texts.iter().map(|t| squash(t)).collect();
    let programme = repo.load(2022);
    for (_, activity) in programme.activities() {
        let listed = csv
            .lines()
            .filter(|line| line.split(',').nth(3) == Some(activity.id.as_str()))
            .count();
        let row = squash(&without_status(&format!(
            "{} {}",
            activity.title, activity.id
        )));
        let whole: usize = pages.iter().map(|page| page.matches(&row).count()).sum();
        assert_eq!(
            whole, listed,
            "{} listed whole {listed} times: {texts:#?}",
            activity.id
        );
    }
}

#[test]
fn without_a_file_the_newest_programme_here_is_reported() {
    let repo = year_with_history();
    let named = report(&repo, &[]);
    let run = repo.wpmatrix(&["report", "--today", "2022-07-01"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, named);
    let run = repo.wpmatrix(&["stats", "--by", "status"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("status     activities\nplanned            28\n"),
        "{}",
        run.stdout
    );
}

/// A generated filled programme and an edited copy of it (statuses, ends moved both ways, titles,
/// activities dropped and added, a year on with follow-ups), reported by the command, which
/// holds each version made small, and by `progress` over both programmes whole: the same
/// bytes, in every format and under a filter.
#[test]
fn a_large_report_says_what_the_whole_programmes_say() {
    use wpmatrix::exchange::progress::{Charts, to_html, to_markdown};
    use wpmatrix::model::progress::progress;
    use wpmatrix::model::{Activity, Cluster, PlanDate};
    let earlier = crate::generate::programme_filled(400, 23);
    let mut now = earlier.clone();
    let mut n = 0_usize;
    for cluster in &mut now.clusters {
        for activity in &mut cluster.activities {
            n += 1;
            match n % 7 {
                0 => activity.status = Status::Done,
                1 => activity.status = Status::Cancelled,
                2 => activity.end = activity.end.and_then(|d| d.checked_add_years(1)),
                3 => activity.end = Some(PlanDate::Day("2022-01-02".parse().unwrap())),
                4 => activity.title.push_str(" (renamed)"),
                _ => {}
            }
        }
        if cluster.activities.len() > 3 {
            cluster.activities.remove(1);
        }
        cluster
            .activities
            .push(Activity::new(format!("added-{n}"), "Added later"));
    }
    // A year on, the same activities found again through follow_up_of under new ids.
    let mut next = now.clone();
    next.year += 1;
    for activity in next.clusters.iter_mut().flat_map(|c| &mut c.activities) {
        activity.follow_up_of = Some(format!("{}/{}", now.year, activity.id));
        activity.id.push_str("-next");
    }
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, programme: &Programme| {
        let path = dir.path().join(name);
        std::fs::write(&path, wpmatrix::store::to_canonical(programme)).unwrap();
        path.display().to_string()
    };
    let earlier_file = write("earlier.ron", &earlier);
    let cases = [
        (write("now.ron", &now), &now, ""),
        (write("now-filtered.ron", &now), &now, "lead:FR"),
        (write("next.ron", &next), &next, ""),
    ];
    let today = "2022-07-01".parse().unwrap();
    for (file, programme, filter_text) in cases {
        let filter = wpmatrix::model::filter::Filter::parse(filter_text).unwrap();
        let keep = |c: &Cluster, a: &Activity| filter.matches(c, a);
        let whole = progress(programme, Some(&earlier), today, &keep);
        assert!(whole.total(wpmatrix::model::progress::Figure::Dropped) > 0);
        let against = Some(earlier_file.as_str());
        let expected = [
            (
                "text",
                wpmatrix::report::progress::render_text(&whole, against),
            ),
            ("md", to_markdown(&whole, against)),
            (
                "html",
                to_html(&whole, against, &Charts::of(programme, &keep)),
            ),
        ];
        for (format, expected) in expected {
            let mut command = crate::common::wpmatrix();
            command.args(["report", &file, "--against", &earlier_file]);
            command.args(["--today", "2022-07-01", "--format", format]);
            if !filter_text.is_empty() {
                command.args(["--filter", filter_text]);
            }
            let output = command.output().unwrap();
            assert_eq!(
                String::from_utf8_lossy(&output.stdout),
                expected,
                "{file} {format} {filter_text:?}"
            );
        }
    }
}

/// A revision whose file is no programme (a value it cannot read; bytes that are not UTF-8) is
/// refused by `diff` and `report` with the problem and where it is, named by the revision.
#[test]
fn a_revision_that_is_no_programme_is_refused_with_where() {
    use crate::common::repo::FILE;
    let repo = Repo::with_drivers();
    let good = std::fs::read(repo.file(2022)).unwrap();
    let text = String::from_utf8(good.clone()).unwrap();
    let unreadable = text.replacen("status: planned", "status: finished", 1);
    let mut not_utf8 = text.into_bytes();
    not_utf8.splice(40..40, [0xE9]);
    for (broken, says) in [
        (unreadable.into_bytes(), "finished"),
        (not_utf8, "the file is not UTF-8 text (byte 0xE9 here)"),
    ] {
        std::fs::write(repo.file(2022), &broken).unwrap();
        repo.git(&["commit", "-qam", "broken"]);
        std::fs::write(repo.file(2022), &good).unwrap();
        let named = format!("HEAD:{FILE}:");
        for args in [
            vec!["diff".to_string(), format!("HEAD:{FILE}"), FILE.to_string()],
            ["report", FILE, "--against", "HEAD"]
                .map(String::from)
                .to_vec(),
        ] {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let run = repo.wpmatrix(&args);
            assert_eq!(run.code, 2, "{args:?} {}", run.stderr);
            assert!(
                run.stderr.starts_with(&format!("wpmatrix: {named}")),
                "{}",
                run.stderr
            );
            assert!(run.stderr.contains(says), "{}", run.stderr);
        }
    }
}
