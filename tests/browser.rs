//! The pictures in a real browser: headless Chromium renders the heat map SVG and the dashboard
//! of examples/artemis, and the screenshots must show them (not a blank page, the heat map's
//! colours there). A hostile program, whose titles try to run script and to fetch from a
//! listener this test opens, must render its text literally and make no request; the same
//! browser, given a page that does fetch, reaches the listener, so the test can tell.
//!
//! `.ci/run` installs Debian's `chromium`; without it, each test says so and skips.

mod common;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::hostile::{HOSTILE, hostile, hostile_program};
use common::*;
use pm::render::svg::scale;

fn chromium() -> Option<PathBuf> {
    outside_tool("chromium", "apt-get install chromium")
}

/// A browser that would hang would hang the test suite; this long is a broken browser.
const HANG: Duration = Duration::from_secs(180);

/// Runs headless Chromium on `url` with a fresh profile and no background traffic of its own;
/// returns stdout.
fn headless(chromium: &Path, args: &[String], url: &str) -> String {
    let profile = tempfile::tempdir().expect("profile dir");
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-default-apps",
            "--disable-extensions",
            "--no-first-run",
            "--no-default-browser-check",
            "--hide-scrollbars",
            "--force-color-profile=srgb",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromium");
    let mut out = String::new();
    let mut stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let _ = stdout.read_to_string(&mut out);
        out
    });
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait for chromium") {
            assert!(status.success(), "chromium failed on {url}: {status}");
            break;
        }
        if started.elapsed() > HANG {
            let _ = child.kill();
            panic!("chromium did not finish with {url}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    reader.join().expect("read chromium's output")
}

fn file_url(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// A screenshot of `url` in a window of `width` × `height`, as RGB pixels.
fn screenshot(chromium: &Path, url: &str, width: u32, height: u32) -> Vec<[u8; 3]> {
    let dir = tempfile::tempdir().unwrap();
    let png_path = dir.path().join("shot.png");
    headless(
        chromium,
        &[
            format!("--screenshot={}", png_path.display()),
            format!("--window-size={width},{height}"),
        ],
        url,
    );
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(&png_path).expect("chromium wrote the screenshot"),
    ));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("PNG size")];
    let info = reader.next_frame(&mut buf).expect("PNG pixels");
    let step = info.color_type.samples();
    assert!(step >= 3, "{:?}", info.color_type);
    buf[..info.buffer_size()]
        .chunks(step)
        .map(|p| [p[0], p[1], p[2]])
        .collect()
}

/// How many pixels are within a small distance of `#rrggbb`.
fn count_near(pixels: &[[u8; 3]], hex: &str) -> usize {
    let c: Vec<i32> = (0..3)
        .map(|i| i32::from_str_radix(&hex[1 + 2 * i..3 + 2 * i], 16).unwrap())
        .collect();
    pixels
        .iter()
        .filter(|p| (0..3).all(|i| (i32::from(p[i]) - c[i]).abs() <= 10))
        .count()
}

/// The scale's colour of a whole capacity.
fn full_load() -> String {
    scale::step_colour(scale::STEPS)
}

fn non_white(pixels: &[[u8; 3]]) -> usize {
    pixels.iter().filter(|p| p.iter().any(|&v| v < 235)).count()
}

/// Writes `pm -C DIR report ARGS -o FILE` into `out` and returns the file.
fn write_report(dir: &Path, args: &[&str], out: &Path, name: &str) -> PathBuf {
    let file = out.join(name);
    let run = pm_in(dir)
        .arg("report")
        .args(args)
        .arg("-o")
        .arg(&file)
        .output()
        .expect("run pm");
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    file
}

fn artemis() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/artemis")
}

#[test]
fn the_heat_map_renders_in_a_browser() {
    let Some(chromium) = chromium() else { return };
    let out = empty_dir();
    let svg = write_report(
        &artemis(),
        &["allocation", "--format", "svg"],
        out.path(),
        "a.svg",
    );
    let pixels = screenshot(&chromium, &file_url(&svg), 1400, 500);
    assert!(
        non_white(&pixels) > pixels.len() / 10,
        "the heat map screenshot is blank"
    );
    // Two over-capacity cells in red, and full loads in the scale's darkest blue.
    let red = count_near(&pixels, scale::OVER);
    assert!(red > 2 * 20 * 10, "red pixels of the over cells: {red}");
    assert!(
        count_near(&pixels, &full_load()) > 10_000,
        "the full-load blue"
    );
}

#[test]
fn the_dashboard_renders_in_a_browser() {
    let Some(chromium) = chromium() else { return };
    let out = empty_dir();
    let html = write_report(&artemis(), &["dashboard"], out.path(), "d.html");
    let pixels = screenshot(&chromium, &file_url(&html), 1300, 3000);
    assert!(
        non_white(&pixels) > pixels.len() / 50,
        "the dashboard screenshot is blank"
    );
    // The heat map is drawn inside the page, over cells and all.
    assert!(
        count_near(&pixels, scale::OVER) > 200,
        "the heat map's over cells"
    );
    assert!(
        count_near(&pixels, &full_load()) > 5_000,
        "the heat map's full loads"
    );
    // The browser's own DOM holds every section.
    let dom = headless(&chromium, &["--dump-dom".into()], &file_url(&html));
    let doc = scraper::Html::parse_document(&dom);
    for id in [
        "summary", "findings", "load", "timeline", "projects", "people",
    ] {
        let s = scraper::Selector::parse(&format!("section#{id}")).unwrap();
        assert_eq!(
            doc.select(&s).count(),
            1,
            "section {id} in the browser's DOM"
        );
    }
}

/// A local HTTP server that answers every request with 404 and counts them.
struct Listener {
    port: u16,
    hits: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<Vec<String>>>,
}

impl Listener {
    fn start() -> Listener {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
        listener.set_nonblocking(true).expect("non-blocking");
        let port = listener.local_addr().unwrap().port();
        let hits = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (h, s) = (hits.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            let mut requests = Vec::new();
            while !s.load(Ordering::SeqCst) {
                match listener.accept() {
                    Ok((mut conn, _)) => {
                        h.fetch_add(1, Ordering::SeqCst);
                        let _ = conn.set_nonblocking(false);
                        let _ = conn.set_read_timeout(Some(Duration::from_secs(2)));
                        let mut buf = [0u8; 1024];
                        let n = conn.read(&mut buf).unwrap_or(0);
                        requests.push(
                            String::from_utf8_lossy(&buf[..n])
                                .lines()
                                .next()
                                .unwrap_or("")
                                .to_owned(),
                        );
                        let _ = conn.write_all(
                            b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                        );
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(10)),
                }
            }
            requests
        });
        Listener {
            port,
            hits,
            stop,
            thread: Some(thread),
        }
    }

    /// Stops listening; returns the first line of every request received.
    fn finish(mut self) -> Vec<String> {
        self.stop.store(true, Ordering::SeqCst);
        let requests = self.thread.take().unwrap().join().unwrap();
        assert_eq!(requests.len(), self.hits.load(Ordering::SeqCst));
        requests
    }
}

#[test]
fn hostile_text_renders_as_text_and_fetches_nothing() {
    let Some(chromium) = chromium() else { return };
    let listener = Listener::start();
    let port = listener.port;
    let program = hostile_program(port);
    let out = empty_dir();
    let html = write_report(program.path(), &["dashboard"], out.path(), "d.html");
    let svg = write_report(
        program.path(),
        &["allocation", "--format", "svg"],
        out.path(),
        "a.svg",
    );
    // The same browser with a page that does fetch from the listener: proof that a request
    // would be seen.
    let control = out.path().join("control.html");
    std::fs::write(
        &control,
        format!(
            "<!DOCTYPE html><title>control</title><img src=\"http://127.0.0.1:{port}/control\">"
        ),
    )
    .unwrap();

    let pixels = screenshot(&chromium, &file_url(&html), 1300, 2000);
    assert!(non_white(&pixels) > 0, "blank page");
    let dom = headless(&chromium, &["--dump-dom".into()], &file_url(&html));
    screenshot(&chromium, &file_url(&svg), 1300, 600);
    let svg_dom = headless(&chromium, &["--dump-dom".into()], &file_url(&svg));
    let before_control = listener.hits.load(Ordering::SeqCst);
    screenshot(&chromium, &file_url(&control), 400, 300);
    let requests = listener.finish();

    assert_eq!(
        before_control,
        0,
        "the pm pages made requests: {:?}",
        &requests[..before_control.min(requests.len())]
    );
    assert!(
        requests.iter().any(|r| r.contains("/control")),
        "the control page's request never arrived, so this test could not see one: {requests:?}"
    );

    // What the browser built: no element from the text, the text itself shown literally.
    let doc = scraper::Html::parse_document(&dom);
    for tag in [
        "script",
        "img",
        "iframe",
        "link",
        "a[href^=javascript]",
        "[onerror]",
        "[onmouseover]",
    ] {
        let s = scraper::Selector::parse(tag).unwrap();
        assert!(
            doc.select(&s).next().is_none(),
            "<{tag}> in the browser's DOM"
        );
    }
    // pm's own style sheets only: none from the text.
    for style in doc.select(&scraper::Selector::parse("style").unwrap()) {
        let css = style.inner_html();
        assert!(
            !css.contains("127.0.0.1"),
            "a style from the program's text: {css}"
        );
    }
    let text: String = doc.root_element().text().collect();
    for i in 0..HOSTILE.len() {
        let shown: String = hostile(i, port)
            .chars()
            .map(|c| if c < ' ' { '\u{fffd}' } else { c })
            .collect();
        assert!(
            text.contains(&shown),
            "hostile text {i} is not shown literally"
        );
    }
    // The SVG as the browser parsed it: no script, the names as text.
    let svg_doc = roxmltree::Document::parse(&svg_dom)
        .or_else(|_| {
            // Chromium may wrap a standalone SVG's DOM in nothing or in an HTML shell.
            let start = svg_dom.find("<svg").expect("an svg element");
            let end = svg_dom.rfind("</svg>").expect("the svg closes") + 6;
            roxmltree::Document::parse(&svg_dom[start..end])
        })
        .expect("the browser's SVG DOM is XML");
    assert!(
        svg_doc
            .descendants()
            .all(|n| n.tag_name().name() != "script")
    );
    let svg_text: String = svg_doc.descendants().filter_map(|n| n.text()).collect();
    assert!(svg_text.contains(&hostile(3, port)), "{svg_text}");
}
