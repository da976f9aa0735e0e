//! A program written to break a page that does not escape: every free text is markup, script
//! or a URL, and a project file's name and id are markup too.

use super::{empty_dir, write};

/// Text that would run script, load something or break the markup if it were not escaped.
/// `:9/` in them is the port of a listener a browser test opens.
pub const HOSTILE: [&str; 10] = [
    "<script>alert(1)</script>",
    "\"><img src=http://127.0.0.1:9/img onerror=alert(2)>",
    "' onmouseover='alert(3)",
    "</title></svg><script src=http://127.0.0.1:9/js></script>",
    "]]><!-- -->&amp;&lt;&#x3C;",
    "<style>*{background:url(http://127.0.0.1:9/css)}</style>",
    "<a href=\"javascript:alert(5)\">click</a>",
    "bell\u{7}and\u{0}nul",
    "<link rel=stylesheet href=http://127.0.0.1:9/link><iframe src=http://127.0.0.1:9/frame>",
    "<svg><image href=http://127.0.0.1:9/svg-image /></svg>",
];

/// Hostile text `i` (wrapping around), with the port in its URLs.
pub fn hostile(i: usize, port: u16) -> String {
    HOSTILE[i % HOSTILE.len()].replace(":9/", &format!(":{port}/"))
}

/// A program whose every free text is one of [`HOSTILE`], and a project file whose name and id
/// are markup too. `port` goes into URLs, for a browser test that listens on it.
pub fn hostile_program(port: u16) -> tempfile::TempDir {
    let t = |i: usize| {
        let s = hostile(i, port);
        // A TOML basic string: escape what TOML requires.
        let mut q = String::from("\"");
        for c in s.chars() {
            match c {
                '"' => q.push_str("\\\""),
                '\\' => q.push_str("\\\\"),
                c if (c as u32) < 0x20 || c == '\u{7f}' => {
                    q.push_str(&format!("\\u{:04X}", c as u32))
                }
                c => q.push(c),
            }
        }
        q.push('"');
        q
    };
    let dir = empty_dir();
    let d = dir.path();
    write(
        d,
        "program.toml",
        &format!(
            "[program]\nid = \"h\"\nname = {}\nmanager = \"eve\"\nsponsor = {}\nstart = 2026-01-01\nend = 2026-12-31\n\n\
             [[benefit]]\nid = \"b\"\ntitle = {}\n\n\
             [[person]]\nid = \"eve\"\nname = {}\nskills = [{}]\ntime_off = [{{ from = 2026-03-02, to = 2026-03-06, reason = {} }}]\n\n\
             [[person]]\nid = \"mal\"\nname = {}\n",
            t(0),
            t(1),
            t(2),
            t(3),
            t(4),
            t(5),
            t(6)
        ),
    );
    write(
        d,
        "projects/p.toml",
        &format!(
            "[project]\nid = \"p\"\nname = {}\nstatus = \"active\"\nmanager = \"eve\"\nbenefits = [\"b\"]\n\n\
             [charter]\nobjective = {}\nstart = 2026-01-01\nend = 2026-12-31\n\n\
             [[deliverable]]\nid = \"d\"\ntitle = {}\ndue = 2026-06-30\n\n\
             [[exclusion]]\nid = \"x\"\ntitle = {}\nkeywords = [\"script\"]\n\n\
             [[work]]\nid = \"w\"\ntitle = {}\ndeliverable = \"nowhere\"\n\n\
             [[assignment]]\nperson = \"eve\"\nallocation = 80\nrole = {}\n\n\
             [[assignment]]\nperson = \"mal\"\nallocation = 50\nrole = {}\n\n\
             [[request]]\nid = \"r\"\nskills = [\"x\"]\nallocation = 50\nreason = {}\n",
            t(7),
            t(0),
            t(1),
            t(2),
            t(3),
            t(4),
            t(5),
            t(6)
        ),
    );
    write(
        d,
        "projects/q.toml",
        &format!(
            "[project]\nid = \"q\"\nname = {}\nstatus = \"active\"\nbenefits = [\"b\"]\n\n\
             [charter]\nobjective = {}\nstart = 2026-02-01\nend = 2026-05-31\n\n\
             [[deliverable]]\nid = \"e\"\ntitle = {}\ndue = 2026-04-30\n\n\
             [[assignment]]\nperson = \"eve\"\nallocation = 60\n",
            t(3),
            t(8),
            t(9)
        ),
    );
    // A file name and an id that are markup: findings print both.
    write(
        d,
        "projects/<b onclick=alert(6)>x.toml",
        &format!("[project]\nid = \"<i>y</i>\"\nname = {}\n", t(1)),
    );
    dir
}
