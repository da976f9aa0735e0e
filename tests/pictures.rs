//! The pictures, read as documents: the SVG heat map parsed as XML (roxmltree) and the
//! dashboard parsed as HTML5 (html5ever through scraper), their structure compared with what
//! `pm report allocation --format json` and `pm check --format json` say, and text from hostile
//! program files shown as text. Rendering in a real browser is tests/browser.rs.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::hostile::{HOSTILE, hostile_program};
use common::*;
use scraper::{Html, Selector};
use serde_json::Value;

fn artemis() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/artemis")
}

fn report_fixture() -> PathBuf {
    fixtures_dir().join("report")
}

fn run(dir: &Path, args: &[&str]) -> String {
    let out = pm_in(dir).args(args).output().expect("run pm");
    assert_eq!(
        out.status.code(),
        Some(0),
        "pm {args:?}:\n{}{}",
        stdout(&out),
        stderr(&out)
    );
    stdout(&out)
}

/// One heat-map cell as the SVG draws it, in document order.
#[derive(Debug)]
struct SvgCell {
    over: bool,
    tooltip: String,
}

fn has_class(node: &roxmltree::Node<'_, '_>, class: &str) -> bool {
    node.attribute("class")
        .is_some_and(|c| c.split_whitespace().any(|t| t == class))
}

/// The tooltip of an element: its own `<title>`, else its parent group's.
fn tooltip(node: &roxmltree::Node<'_, '_>) -> Option<String> {
    let own = |n: &roxmltree::Node<'_, '_>| {
        n.children()
            .find(|c| c.has_tag_name("title"))
            .and_then(|t| t.text().map(str::to_owned))
    };
    own(node).or_else(|| node.parent().and_then(|p| own(&p)))
}

fn svg_cells(doc: &roxmltree::Document<'_>) -> Vec<SvgCell> {
    doc.descendants()
        .filter(|n| n.has_tag_name("rect") && has_class(n, "c"))
        .map(|n| SvgCell {
            over: has_class(&n, "o"),
            tooltip: tooltip(&n).unwrap_or_else(|| panic!("cell without a tooltip: {n:?}")),
        })
        .collect()
}

/// (row, period) of the periods that overlap a finding of one of `codes`: the cells that must
/// be drawn over capacity.
fn periods_of_findings(
    allocation: &Value,
    check: &Value,
    codes: &[&str],
) -> BTreeSet<(usize, usize)> {
    let rows = allocation["rows"].as_array().expect("rows");
    let periods = allocation["periods"].as_array().expect("periods");
    let mut out = BTreeSet::new();
    for code in codes {
        for f in findings(check, code) {
            let person = f["person"].as_str().expect("person");
            let (from, to) = (f["from"].as_str().unwrap(), f["to"].as_str().unwrap());
            let row = rows
                .iter()
                .position(|r| r["person"] == person)
                .expect("person has a row");
            for (i, p) in periods.iter().enumerate() {
                // ISO dates compare as strings.
                if p["start"].as_str().unwrap() <= to && p["end"].as_str().unwrap() >= from {
                    out.insert((row, i));
                }
            }
        }
    }
    out
}

/// The SVG of `pm report allocation ARGS --format svg` parses as XML, has one cell per person
/// and period in row order, and the cells drawn over capacity are exactly the periods that hold
/// a day of the findings `codes`.
fn assert_heat_map_matches(dir: &Path, args: &[&str], codes: &[&str]) -> String {
    let mut svg_args = vec!["report", "allocation"];
    svg_args.extend(args);
    let mut json_args = svg_args.clone();
    svg_args.extend(["--format", "svg"]);
    json_args.extend(["--format", "json"]);
    let svg = run(dir, &svg_args);
    let allocation: Value = serde_json::from_str(&run(dir, &json_args)).unwrap();
    let (_, check) = check_json(dir);

    let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("not XML: {e}\n{svg}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    let rows = allocation["rows"].as_array().unwrap();
    let periods = allocation["periods"].as_array().unwrap();
    let cells = svg_cells(&doc);
    assert_eq!(
        cells.len(),
        rows.len() * periods.len(),
        "one cell per person and period"
    );
    let mut drawn_over = BTreeSet::new();
    for (k, cell) in cells.iter().enumerate() {
        let (r, p) = (k / periods.len(), k % periods.len());
        let row = &rows[r];
        let person = row["person"].as_str().unwrap();
        let peak = row["peak"][p].as_u64().unwrap();
        assert!(
            cell.tooltip.starts_with(&format!("{person} · ")),
            "cell {k} should be {person}'s: {}",
            cell.tooltip
        );
        assert!(
            cell.tooltip
                .contains(&format!(": {peak}% of {}%", row["capacity"])),
            "cell {k} ({person}, period {p}) should say {peak}%: {}",
            cell.tooltip
        );
        if cell.over {
            drawn_over.insert((r, p));
        }
    }
    let expected = periods_of_findings(&allocation, &check, codes);
    assert!(
        !expected.is_empty(),
        "the fixture must have an over-allocation"
    );
    assert_eq!(
        drawn_over, expected,
        "over-capacity cells vs {codes:?} findings"
    );
    svg
}

#[test]
fn heat_map_of_artemis_by_month() {
    let svg = assert_heat_map_matches(&artemis(), &[], &["PM201"]);
    // The over cells write their load in them, as the legend says.
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let written: Vec<&str> = doc
        .descendants()
        .filter(|n| {
            n.has_tag_name("text")
                && n.parent().is_some_and(|g| {
                    g.children()
                        .any(|c| c.has_tag_name("rect") && has_class(&c, "o"))
                })
        })
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(written, vec!["120", "120"]);
    // Tooltips name the projects behind the load, and the time off.
    let cells = svg_cells(&doc);
    assert!(
        cells
            .iter()
            .any(|c| c.tooltip
                == "priya · 2026-05: 120% of 100%, over capacity · lander, spacesuits"),
        "{:#?}",
        cells.iter().filter(|c| c.over).collect::<Vec<_>>()
    );
    assert!(cells.iter().any(
        |c| c.tooltip == "alice · 2026-08: 100% of 100%; 12 days off · ground-systems, lander"
    ),);
    assert!(
        cells
            .iter()
            .any(|c| c.tooltip == "farid · 2026-03: 0% of 100%; not in the pool · no assignment"),
    );
}

#[test]
fn heat_map_by_week_and_with_proposed_load() {
    let dir = report_fixture();
    let svg = assert_heat_map_matches(&dir, &["--by", "week"], &["PM201"]);
    assert!(svg.contains("alice · 2026-W32 (2026-08-03 to 2026-08-09): 0% of 100%; 7 days off"));
    assert_heat_map_matches(&dir, &["--include-proposed"], &["PM201", "PM202"]);
    assert_heat_map_matches(
        &dir,
        &["--by", "week", "--from", "2026-05-20", "--to", "2026-07-15"],
        &["PM201"],
    );
}

#[test]
fn heat_map_of_many_people_repeats_its_labels_in_blocks() {
    let dir = empty_dir();
    let mut program = String::from(
        "[program]\nid = \"big\"\nname = \"Big\"\nstart = 2026-01-01\nend = 2026-06-30\n",
    );
    for i in 0..60 {
        program.push_str(&format!(
            "[[person]]\nid = \"p{i:03}\"\nname = \"Person number {i}\"\n"
        ));
    }
    write(dir.path(), "program.toml", &program);
    std::fs::create_dir(dir.path().join("projects")).unwrap();
    let svg = run(dir.path(), &["report", "allocation", "--format", "svg"]);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    assert_eq!(svg_cells(&doc).len(), 60 * 6);
    let headers = doc
        .descendants()
        .filter(|n| n.has_tag_name("text") && n.text() == Some("person"))
        .count();
    assert_eq!(
        headers, 3,
        "60 people come in 3 blocks of at most 25, each with its labels"
    );
    let januaries = doc
        .descendants()
        .filter(|n| n.has_tag_name("text") && n.text() == Some("Jan"))
        .count();
    assert_eq!(januaries, 3);
    assert!(svg.contains("60 people, in blocks of 25"));
}

#[test]
fn heat_map_without_people_or_dates_still_parses() {
    let dir = empty_dir();
    ok(dir.path(), &["init", "--id", "e", "--name", "Empty"]);
    let svg = run(dir.path(), &["report", "allocation", "--format", "svg"]);
    roxmltree::Document::parse(&svg).expect("XML");
    assert!(svg.contains("Nothing to draw"), "{svg}");
}

// ---------------------------------------------------------------------------------------------
// The dashboard.

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap_or_else(|e| panic!("{s}: {e:?}"))
}

fn dashboard(dir: &Path, args: &[&str]) -> (String, Html) {
    let mut all = vec!["report", "dashboard"];
    all.extend(args);
    let text = run(dir, &all);
    let html = Html::parse_document(&text);
    assert!(
        html.errors.is_empty(),
        "the HTML5 parser reports errors: {:?}",
        html.errors
    );
    (text, html)
}

/// Nothing in the page can fetch or run anything: no element that loads or runs, no event
/// handler, no link out of the page, no style that reaches out.
fn assert_self_contained(html: &Html) {
    for tag in [
        "script",
        "img",
        "iframe",
        "object",
        "embed",
        "link",
        "base",
        "form",
        "audio",
        "video",
        "image",
        "use",
        "foreignObject",
        "source",
        "track",
        "frame",
    ] {
        assert!(
            html.select(&sel(tag)).next().is_none(),
            "the page has <{tag}>"
        );
    }
    for el in html
        .root_element()
        .descendants()
        .filter_map(scraper::ElementRef::wrap)
    {
        for (name, value) in el.value().attrs() {
            assert!(!name.starts_with("on"), "event handler {name}={value:?}");
            assert_ne!(
                name,
                "style",
                "inline style attribute on <{}>",
                el.value().name()
            );
            if matches!(
                name,
                "href" | "src" | "srcset" | "action" | "xlink:href" | "poster"
            ) {
                assert!(
                    value.starts_with('#'),
                    "<{} {name}={value:?}>",
                    el.value().name()
                );
            }
            if value.contains("url(") {
                assert!(value.starts_with("url(#"), "{name}={value:?}");
            }
        }
    }
    for style in html.select(&sel("style")) {
        let css = style.inner_html();
        assert!(!css.contains("@import"), "{css}");
        assert!(
            css.match_indices("url(")
                .all(|(i, _)| css[i..].starts_with("url(#")),
            "a style reaches out: {css}"
        );
    }
    let csp: Vec<_> = html
        .select(&sel("head meta[http-equiv=\"Content-Security-Policy\"]"))
        .collect();
    assert_eq!(csp.len(), 1);
    assert_eq!(
        csp[0].value().attr("content"),
        Some("default-src 'none'; style-src 'unsafe-inline'; img-src data:")
    );
}

#[test]
fn dashboard_of_artemis() {
    let dir = artemis();
    let (text, html) = dashboard(&dir, &[]);
    assert_self_contained(&html);
    let (_, check) = check_json(&dir);

    // Summary, findings, heat map, timeline, projects, people.
    for id in [
        "summary", "findings", "load", "timeline", "projects", "people",
    ] {
        assert_eq!(
            html.select(&sel(&format!("section#{id} > h2"))).count(),
            1,
            "section {id}"
        );
    }
    // Every finding, grouped by file: the file once, then line:column, rule, severity, message.
    let diags = check["diagnostics"].as_array().unwrap();
    let mut rows = Vec::new();
    for group in html.select(&sel("#findings table.findings tbody")) {
        let file: String = group
            .select(&sel("th[scope=rowgroup]"))
            .next()
            .expect("each file's findings start with its name")
            .text()
            .collect();
        for row in group.select(&sel("tr[id]")) {
            let text = row.text().collect::<Vec<_>>().join("|");
            rows.push((file.clone(), text.trim_end().to_owned()));
        }
    }
    assert_eq!(rows.len(), diags.len());
    for ((file, text), d) in rows.iter().zip(diags) {
        assert_eq!(file, d["file"].as_str().unwrap());
        let place = format!("{}:{}", d["line"], d["column"]);
        assert!(
            text.starts_with(&format!("{place}|")),
            "{text} should start at {place}"
        );
        assert!(
            text.contains(&format!(
                "{} {}",
                d["code"].as_str().unwrap(),
                d["severity"].as_str().unwrap()
            )),
            "rule and severity in words: {text}"
        );
        assert!(text.ends_with(d["message"].as_str().unwrap()), "{text}");
    }
    let summary: String = html
        .select(&sel("#summary"))
        .flat_map(|s| s.text())
        .collect();
    assert!(summary.contains("active4"), "{summary}");
    assert!(summary.contains("people in the pool13"), "{summary}");
    assert!(summary.contains("open staffing requests1"), "{summary}");

    // The heat map as a table: a row per person, a cell per month with its load written in,
    // the same numbers as the allocation report, and the two over-capacity months.
    let allocation: Value =
        serde_json::from_str(&run(&dir, &["report", "allocation", "--format", "json"])).unwrap();
    let heat_rows: Vec<_> = html
        .select(&sel("#load table.heat tbody tr"))
        .filter(|r| r.select(&sel("th[scope=row]")).next().is_some())
        .collect();
    assert_eq!(heat_rows.len(), 13);
    for (row, want) in heat_rows.iter().zip(allocation["rows"].as_array().unwrap()) {
        let cells: Vec<String> = row
            .select(&sel("td"))
            .skip(1)
            .map(|c| c.text().collect::<String>().trim().to_owned())
            .collect();
        let peaks: Vec<String> = want["peak"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.to_string())
            .collect();
        assert_eq!(cells.len(), 36);
        for (c, p) in cells.iter().zip(&peaks) {
            assert!(
                c == p || (c == "–" && p == "0"),
                "{c} vs {p} for {}",
                want["person"]
            );
        }
    }
    let over: Vec<String> = html
        .select(&sel("#load table.heat td.o"))
        .map(|c| c.text().collect::<String>().trim().to_owned())
        .collect();
    assert_eq!(over, vec!["120", "120"]);
    // The timeline: a bar per project, a diamond per dated deliverable, today.
    let timeline = html.select(&sel("#timeline svg")).next().expect("timeline");
    assert_eq!(timeline.select(&sel("rect.bar")).count(), 4);
    let deliverables: usize = [
        "comms-relay",
        "infrastructure/ground-systems",
        "lander",
        "spacesuits",
    ]
    .iter()
    .map(|p| {
        read(&dir, &format!("projects/{p}.toml"))
            .matches("[[deliverable]]")
            .count()
    })
    .sum();
    let diamonds: usize = timeline
        .select(&sel("path.ms"))
        .map(|p| p.value().attr("d").unwrap().matches('z').count())
        .sum();
    assert_eq!(diamonds, deliverables);
    assert_eq!(timeline.select(&sel("line.today")).count(), 1);

    // A section per project and per person, linked from elsewhere in the page.
    assert_eq!(html.select(&sel("#projects article")).count(), 4);
    assert_eq!(html.select(&sel("#people article")).count(), 13);
    let ids: BTreeSet<String> = html
        .root_element()
        .descendants()
        .filter_map(scraper::ElementRef::wrap)
        .filter_map(|e| e.value().id().map(str::to_owned))
        .collect();
    for a in html.select(&sel("a[href]")) {
        let target = &a.value().attr("href").unwrap()[1..];
        assert!(ids.contains(target), "link to #{target} leads nowhere");
    }
    let lander: String = html
        .select(&sel("#project-lander"))
        .flat_map(|s| s.text())
        .collect();
    assert!(
        lander.contains("Staffing on 2026-06-15: 6 of 6 assignments"),
        "{lander}"
    );
    assert!(
        // PM109: spacesuits waits on a lander deliverable that comes late; both projects see it.
        lander.contains("Findings (3 errors, 0 warnings): PM101, PM201, PM109"),
        "{lander}"
    );
    assert!(
        lander.contains("descent-stage (Descent stage"),
        "scope: {lander}"
    );
    let priya: String = html
        .select(&sel("#person-priya"))
        .flat_map(|s| s.text())
        .collect();
    assert!(
        priya.contains("spacesuits") && priya.contains("60%"),
        "{priya}"
    );

    // Accessible tables: every table has header cells.
    for table in html.select(&sel("table")) {
        assert!(
            table.select(&sel("th")).next().is_some(),
            "{}",
            table.html()
        );
    }
    assert!(text.len() < 2_000_000);
}

#[test]
fn dashboard_links_findings_to_a_repository_browser() {
    let base = "https://example.org/o/r/blob/0123abc/examples/artemis";
    let (_, html) = dashboard(&artemis(), &["--source-url", &format!("{base}/")]);
    let links: Vec<&str> = html
        .select(&sel("#findings a[href]"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(
        links.contains(&&*format!("{base}/projects/lander.toml#L193")),
        "{links:?}"
    );
    assert_eq!(links.len(), 4);
}

#[test]
fn dashboard_refuses_what_does_not_apply() {
    let dir = artemis();
    for (args, says) in [
        (
            vec!["--format", "json"],
            "the dashboard is an HTML page only",
        ),
        (
            vec!["--source-url", "javascript:alert(1)"],
            "is not an http(s) URL",
        ),
    ] {
        let out = pm_in(&dir)
            .args(["report", "dashboard"])
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stdout(&out).is_empty());
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
    }
    for (args, says) in [
        (
            vec!["report", "projects", "--format", "svg"],
            "--format svg draws the allocation heat map only",
        ),
        (
            vec!["report", "allocation", "--format", "html"],
            "--format html is the dashboard only",
        ),
        (
            vec!["report", "people", "--source-url", "https://x.org"],
            "--source-url applies to the dashboard only",
        ),
    ] {
        let out = pm_in(&dir).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
    }
}

// ---------------------------------------------------------------------------------------------
// Hostile text.

/// Every text node of a parsed page, joined: what a reader sees.
fn visible_text(html: &Html) -> String {
    html.root_element().text().collect::<Vec<_>>().join("")
}

#[test]
fn hostile_text_is_shown_as_text_in_the_svg() {
    let dir = hostile_program(9);
    let svg = run(dir.path(), &["report", "allocation", "--format", "svg"]);
    let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("not XML: {e}\n{svg}"));
    let names: Vec<&str> = doc.descendants().map(|n| n.tag_name().name()).collect();
    for bad in ["script", "img", "style", "a"] {
        assert!(!names.contains(&bad), "<{bad}> in the SVG");
    }
    assert!(
        doc.descendants()
            .all(|n| n.attributes().all(|a| !a.name().starts_with("on")))
    );
    let text: String = doc.descendants().filter_map(|n| n.text()).collect();
    // The program's name is the title; the people's names label their rows (cut to fit, with
    // the whole name in the row's tooltip).
    assert!(
        text.contains(&format!("{}: load by month", HOSTILE[0])),
        "{text}"
    );
    assert!(text.contains(&format!("{} (eve)", HOSTILE[3])), "{text}");
    assert!(text.contains(&format!("{} (mal)", HOSTILE[6])), "{text}");
}

#[test]
fn hostile_text_is_shown_as_text_in_the_dashboard() {
    let dir = hostile_program(9);
    let (_, html) = dashboard(dir.path(), &[]);
    assert_self_contained(&html);
    let text = visible_text(&html);
    for (i, s) in HOSTILE.iter().enumerate() {
        // Characters XML cannot hold are shown as U+FFFD; the rest exactly as written.
        let shown: String = s
            .chars()
            .map(|c| if c < ' ' { '\u{fffd}' } else { c })
            .collect();
        assert!(
            text.contains(&shown),
            "hostile text {i} {s:?} is not shown as written"
        );
    }
    assert!(
        text.contains("projects/<b onclick=alert(6)>x.toml"),
        "the file name"
    );
    assert!(text.contains("<i>y</i>"), "the id");
}

// ---------------------------------------------------------------------------------------------
// Size on M.

#[allow(dead_code)]
#[path = "../examples/gen_program.rs"]
mod gen_program;

#[test]
fn dashboard_of_m_is_under_two_megabytes() {
    let dir = empty_dir();
    gen_program::generate(&gen_program::Size::M, dir.path()).expect("generate M");
    let out = empty_dir();
    let file = out.path().join("dashboard.html");
    let run = pm_in(dir.path())
        .args(["report", "dashboard", "-o"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let size = std::fs::metadata(&file).unwrap().len();
    assert!(size < 2_000_000, "the dashboard of M is {size} bytes");
    let html = Html::parse_document(&std::fs::read_to_string(&file).unwrap());
    assert!(
        html.errors.is_empty(),
        "{:?}",
        &html.errors[..html.errors.len().min(5)]
    );
    assert_eq!(html.select(&sel("#projects article")).count(), 500);
    assert_eq!(html.select(&sel("#people article")).count(), 250);
}

// ---------------------------------------------------------------------------------------------
// The picture of examples/artemis, as the snapshot and as the README shows it.

#[test]
fn artemis_heat_map_snapshot_and_the_readme_picture() {
    let svg = run(&artemis(), &["report", "allocation", "--format", "svg"]);
    insta::assert_snapshot!("artemis_allocation_svg", svg);
    let committed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/images/artemis-allocation.svg"),
    )
    .expect("docs/images/artemis-allocation.svg");
    assert!(
        committed == svg,
        "docs/images/artemis-allocation.svg is not what pm draws now; run docs/images/make.sh \
         (or: pm -C examples/artemis report allocation --format svg -o docs/images/artemis-allocation.svg)"
    );
}
