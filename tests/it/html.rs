//! The printable HTML page: its structure (every title, every cluster, the legend, escaping) and
//! a real browser printing it to PDF (headless Chromium, checked with poppler's `pdfinfo` and
//! `pdftotext`).
//!
//! The browser tests need `chromium` and `poppler-utils`; `.ci/run` installs them. Without them
//! the tests fail and say so, unless `WPMATRIX_SKIP_BROWSER=1` is set on purpose.

use crate::common::shipped as programme_2022;
use crate::common::{PROGRAMME_2022, browser};
use std::path::Path;

use wpmatrix::exchange::html::to_html;
use wpmatrix::model::{Activity, Cluster, Programme, Status};
use wpmatrix::store::to_canonical;

/// The page as `wpmatrix export FILE --to html` writes it to standard output.
fn exported_html(file: &Path) -> String {
    let out = crate::common::wpmatrix()
        .args(["export", "--to", "html"])
        .arg(file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn escaped(text: &str) -> String {
    wpmatrix::exchange::html::escape(text).into_owned()
}

// ---------------------------------------------------------------- structure

#[test]
fn page_has_title_adoption_every_cluster_every_activity_and_the_legend() {
    let programme = programme_2022();
    let html = exported_html(Path::new(PROGRAMME_2022));
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<h1>PES Network Work Programme 2022</h1>"));
    assert!(html.contains("Adopted on 10 December 2021"));
    for cluster in &programme.clusters {
        let row = format!("<th scope=\"row\">{}</th>", escaped(&cluster.name));
        assert_eq!(html.matches(&row).count(), 1, "{}", cluster.name);
        for activity in &cluster.activities {
            let cell = format!("<div class=\"title\">{}</div>", escaped(&activity.title));
            assert_eq!(html.matches(&cell).count(), 1, "{}", activity.title);
            if !activity.description.is_empty() {
                assert!(html.contains(&escaped(&activity.description)));
            }
        }
    }
    assert_eq!(html.matches("<td class=\"activity ").count(), 32);
    assert_eq!(html.matches("<tr class=\"cluster\"").count(), 6);
    // The legend: colour (a class), symbol and word of every status, with its count.
    for status in Status::ALL {
        let count = programme
            .activities()
            .filter(|(_, a)| a.status == status)
            .count();
        let entry = format!(
            "<li class=\"st-{0}\"><span class=\"chip\"><span class=\"symbol\">{1}</span> {0}</span> \
             <span class=\"count\">{count}</span></li>",
            status.as_str(),
            wpmatrix::exchange::html::page_symbol(status)
        );
        assert!(html.contains(&entry), "legend entry for {status}");
    }
    // No dates in the 2022 file: the timeline lists every activity apart.
    assert!(html.contains("Not yet dated (32)"));
}

#[test]
fn page_is_self_contained_without_scripts_or_fetches() {
    let html = exported_html(Path::new(PROGRAMME_2022));
    let lower = html.to_lowercase();
    for forbidden in [
        "<script",
        "<link",
        "@import",
        "url(",
        "http:",
        "https:",
        "src=",
        "@font-face",
    ] {
        assert!(!lower.contains(forbidden), "the page contains {forbidden}");
    }
    assert!(html.contains("<style>") && html.contains("size: A4 landscape"));
    assert!(html.contains("break-inside: avoid"));
}

/// Issue 18, item 22: formats do not look like links, and ongoing has a symbol that draws at
/// text size in the fonts Chromium uses (◐ drew as a tiny half-dot).
#[test]
fn formats_do_not_look_like_links_and_ongoing_has_a_full_size_symbol() {
    let html = exported_html(Path::new(PROGRAMME_2022));
    let css = &html[html.find("<style>").unwrap()..html.find("</style>").unwrap()];
    let formats = css
        .lines()
        .find(|line| line.starts_with(".activity .formats {"))
        .expect("a rule for the formats");
    assert!(!formats.contains("underline"), "{formats}");
    assert!(!formats.contains("#243b63"), "not a link's blue: {formats}");
    assert_eq!(wpmatrix::exchange::html::page_symbol(Status::Ongoing), "▶");
    assert!(!html.contains('◐'));
    assert!(html.contains("<span class=\"symbol\">▶</span> ongoing</span>"));
}

/// A programme whose every text tries to break out of the page.
fn hostile() -> Programme {
    let mut p = Programme::new(2022, "<script>alert(\"title\")</script> & 'quotes'");
    let mut c = Cluster::new("c", "</th><script>cluster()</script>");
    let mut a = Activity::new("a", "<img src=x onerror=alert(1)>\u{1b}]0;pwned\u{7}");
    a.description = "\"><script>description()</script>\u{1b}[2J\u{0}\r".to_string();
    a.formats = vec![wpmatrix::model::Format::parse("<b>format</b>")];
    a.start = Some("2022-03".parse().unwrap());
    c.activities.push(a);
    let mut b = Activity::new("b", "Undated <i>one</i>");
    b.status = Status::Cancelled;
    c.activities.push(b);
    p.clusters.push(c);
    p
}

#[test]
fn every_text_from_the_file_is_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("2022.ron");
    std::fs::write(&file, to_canonical(&hostile())).unwrap();
    let html = exported_html(&file);
    assert_eq!(
        html,
        to_html(&hostile()),
        "the command writes the library's page"
    );
    let lower = html.to_lowercase();
    assert!(!lower.contains("<script"), "{html}");
    assert!(!lower.contains("<img"));
    assert!(!lower.contains("<b>") && !lower.contains("<i>"));
    assert!(html.contains(
        "<h1>&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;</h1>"
    ));
    assert!(html.contains("&lt;/th&gt;&lt;script&gt;cluster()&lt;/script&gt;"));
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;␛]0;pwned␇"));
    assert!(html.contains("&quot;&gt;&lt;script&gt;description()&lt;/script&gt;␛[2J␀␍"));
    // No control character but the line breaks of the page itself.
    assert!(
        !html.chars().any(|c| c.is_control() && c != '\n'),
        "{html:?}"
    );
    // The timeline shows the dated one, and lists the undated one apart.
    assert!(html.contains("Timeline 2022"));
    assert!(html.contains("<span class=\"symbol\">×</span> Undated &lt;i&gt;one&lt;/i&gt;</li>"));
}

#[test]
fn export_html_to_a_file_and_refuses_csv_options() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("2022.html");
    crate::common::wpmatrix()
        .args(["export", PROGRAMME_2022, "--to", "html", "-o"])
        .arg(&out)
        .assert()
        .success()
        .stdout("");
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        to_html(&programme_2022())
    );
    crate::common::wpmatrix()
        .args(["export", PROGRAMME_2022, "--to", "html", "--delimiter", ";"])
        .assert()
        .code(2)
        .stderr("wpmatrix: --delimiter is for CSV; --to html does not take it\n");
}

// ---------------------------------------------------------------- a real browser

/// The 2022 programme prints as two A4 landscape pages: the whole matrix on the first (every
/// cluster and every activity title in its text), the timeline on the second.
#[test]
fn browser_prints_the_2022_matrix_on_one_page_and_the_timeline_on_the_next() {
    if browser::tools().is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("2022.html");
    crate::common::wpmatrix()
        .args(["export", PROGRAMME_2022, "--to", "html", "-o"])
        .arg(&html)
        .assert()
        .success();
    let pdf = browser::print_to_pdf(&html, dir.path());
    assert_eq!(browser::pdf_pages(&pdf), 2, "matrix page + timeline page");
    let matrix = browser::pdf_text(&pdf, 1);
    let programme = programme_2022();
    assert!(
        matrix.contains("PES Network Work Programme 2022"),
        "{matrix}"
    );
    assert!(matrix.contains("Adopted on 10 December 2021"));
    for cluster in &programme.clusters {
        assert!(matrix.contains(&cluster.name), "{} on page 1", cluster.name);
        for activity in &cluster.activities {
            assert!(
                browser::on_page(&matrix, &activity.title),
                "{} on page 1",
                activity.title
            );
        }
    }
    let timeline = browser::pdf_text(&pdf, 2);
    assert!(timeline.contains("Timeline 2022"), "{timeline}");
    assert!(timeline.contains("Not yet dated (32)"));
    assert!(!timeline.contains("PES Network Work Programme 2022"));
}

/// The same programme with every activity dated (days, months, quarters, one-day events, dates
/// in other years): still two pages, every title on the timeline page too.
#[test]
fn browser_prints_a_dated_timeline_on_its_own_page() {
    if browser::tools().is_none() {
        return;
    }
    let mut programme = programme_2022();
    let dates = [
        ("2022-03-15", "2022-03-15"),
        ("2022-Q2", "2022-Q3"),
        ("2022-01", "2022-05"),
        ("2022-02-01", "2022-Q4"),
        ("2021-11", "2022-02"),
        ("2022-10", "2023-Q1"),
        ("2021-03", "2021-05"),
    ];
    let cells: Vec<_> = programme.activities().map(|(cell, _)| cell).collect();
    for (i, cell) in cells.into_iter().enumerate() {
        let (start, end) = dates[i % dates.len()];
        let activity = programme.activity_mut(cell).unwrap();
        activity.start = Some(start.parse().unwrap());
        activity.end = Some(end.parse().unwrap());
    }
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("dated.html");
    std::fs::write(&html, to_html(&programme)).unwrap();
    assert_eq!(to_html(&programme).matches("class=\"mark\"").count(), 5);
    let pdf = browser::print_to_pdf(&html, dir.path());
    assert_eq!(browser::pdf_pages(&pdf), 2, "matrix page + timeline page");
    let timeline = browser::pdf_text(&pdf, 2);
    assert!(!timeline.contains("Not yet dated"));
    for (_, activity) in programme.activities() {
        assert!(
            browser::on_page(&timeline, &activity.title),
            "{} on page 2",
            activity.title
        );
    }
    assert!(timeline.contains("before 2022"), "{timeline}");
}

/// A matrix too tall for one page: the browser breaks it between clusters, never inside one, so
/// every cluster's activities print on the page that names the cluster.
#[test]
fn browser_never_splits_a_cluster_row_between_pages() {
    if browser::tools().is_none() {
        return;
    }
    let base = programme_2022();
    let mut programme = Programme::new(2022, "Twelve clusters");
    for copy in 0..2 {
        for (i, cluster) in base.clusters.iter().enumerate() {
            let letter = char::from(b'A' + u8::try_from(copy * 6 + i).unwrap());
            let mut cluster = cluster.clone();
            cluster.id = format!("{}-{copy}", cluster.id);
            cluster.name = format!("Cluster {letter}");
            for (n, activity) in cluster.activities.iter_mut().enumerate() {
                activity.id = format!("{}-{copy}", activity.id);
                activity.title = format!("{letter}{} {}", n + 1, activity.title);
                // Tall cells (their text five times), ending in a mark, so a row split across pages
                // would show.
                let text = format!("{} ", activity.description).repeat(5);
                activity.description = format!("{text}(end of {letter}{})", n + 1);
            }
            programme.clusters.push(cluster);
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("tall.html");
    std::fs::write(&html, to_html(&programme)).unwrap();
    let pdf = browser::print_to_pdf(&html, dir.path());
    let pages: Vec<String> = (1..=browser::pdf_pages(&pdf))
        .map(|p| browser::pdf_text(&pdf, p))
        .collect();
    let matrix_pages: Vec<&String> = pages
        .iter()
        .take_while(|text| !text.contains("Timeline 2022"))
        .collect();
    assert!(
        matrix_pages.len() >= 2,
        "the test needs a matrix over several pages"
    );
    for cluster in &programme.clusters {
        let on: Vec<usize> = (0..matrix_pages.len())
            .filter(|&p| matrix_pages[p].contains(&cluster.name))
            .collect();
        assert_eq!(on.len(), 1, "{} named on one page: {on:?}", cluster.name);
        for activity in &cluster.activities {
            for text in [&activity.title, &activity.description] {
                assert!(
                    browser::on_page(matrix_pages[on[0]], text),
                    "{text} on the page of {}: {}",
                    cluster.name,
                    matrix_pages[on[0]]
                );
            }
        }
    }
}
