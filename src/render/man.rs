//! Manual pages (roff): pm(1) and one page per subcommand (`pm-check(1)`,
//! `pm-project-new(1)`, …), as clap_mangen writes them from the command line's definition, with
//! the sections it has no source for: ENVIRONMENT, EXIT STATUS and SEE ALSO.

use anyhow::{Result, bail};
use clap::Command;

pub struct Page {
    /// The file name: `pm.1`, `pm-project-new.1`.
    pub file: String,
    pub roff: String,
}

/// Every page, pm(1) first, then each subcommand's before its own subcommands'.
pub fn all(cli: Command) -> Result<Vec<Page>> {
    let root = prepare(cli);
    let mut pages = Vec::new();
    walk(&root, &mut Vec::new(), &mut pages)?;
    Ok(pages)
}

/// The page of the command at `path` (`[]` for pm(1), `["project", "new"]`).
pub fn one(cli: Command, path: &[String]) -> Result<Page> {
    let root = prepare(cli);
    let mut cmd = &root;
    let mut parents: Vec<String> = Vec::new();
    for (depth, name) in path.iter().enumerate() {
        let Some(sub) = visible(cmd).find(|c| c.get_name() == name) else {
            let known: Vec<&str> = visible(cmd).map(Command::get_name).collect();
            let here = std::iter::once("pm")
                .chain(path[..depth].iter().map(String::as_str))
                .collect::<Vec<_>>()
                .join(" ");
            bail!(
                "`{here}` has no command '{name}'; its pages are for: {}",
                known.join(", ")
            );
        };
        parents.push(self::name(cmd));
        cmd = sub;
    }
    page(cmd, &parents)
}

fn prepare(cli: Command) -> Command {
    // `pm help` is clap's, not a command with a page of its own.
    let mut root = cli.disable_help_subcommand(true);
    root.build();
    root
}

fn visible(cmd: &Command) -> impl Iterator<Item = &Command> {
    cmd.get_subcommands().filter(|c| !c.is_hide_set())
}

fn walk(cmd: &Command, parents: &mut Vec<String>, pages: &mut Vec<Page>) -> Result<()> {
    pages.push(page(cmd, parents)?);
    parents.push(name(cmd));
    for sub in visible(cmd) {
        walk(sub, parents, pages)?;
    }
    parents.pop();
    Ok(())
}

/// `pm`, `pm-project`, `pm-project-new`: the page's name, as clap_mangen names it.
fn name(cmd: &Command) -> String {
    cmd.get_display_name()
        .unwrap_or_else(|| cmd.get_name())
        .to_owned()
}

fn page(cmd: &Command, parents: &[String]) -> Result<Page> {
    let man = clap_mangen::Man::new(cmd.clone())
        .title(name(cmd).to_uppercase())
        .source(format!("pm {}", env!("CARGO_PKG_VERSION")))
        .manual("pm manual");
    let file = man.get_filename();
    let mut out = Vec::new();
    man.render(&mut out)?;
    let mut roff = String::from_utf8(out)?;
    let mut extra = String::new();
    extra.push_str(ENVIRONMENT);
    extra.push_str(&exit_status(&name(cmd)));
    if !parents.is_empty() {
        let refs: Vec<String> = parents
            .iter()
            .map(|p| format!("\\fB{}\\fR(1)", p.replace('-', "\\-")))
            .collect();
        extra.push_str(&format!(".SH \"SEE ALSO\"\n{}\n", refs.join(", ")));
    }
    // Before the version, which clap_mangen writes last.
    match roff.find("\n.SH VERSION") {
        Some(i) => roff.insert_str(i + 1, &extra),
        None => roff.push_str(&extra),
    }
    Ok(Page { file, roff })
}

const ENVIRONMENT: &str = r#".SH ENVIRONMENT
.TP
\fBPM_PROGRAM\fR
The program folder (the one holding program.toml) when \fB\-C\fR is not given. Without
either, pm looks upwards from the current folder.
.TP
\fBPM_TODAY\fR
The date pm treats as today (YYYY\-MM\-DD) when \fB\-\-today\fR is not given, for
reproducible reports.
.TP
\fBNO_COLOR\fR
When set and not empty, no colour with \fB\-\-color auto\fR.
.TP
\fBCLICOLOR\fR
When 0, no colour with \fB\-\-color auto\fR.
.TP
\fBCLICOLOR_FORCE\fR
When set and not 0, colour with \fB\-\-color auto\fR even in a pipe or a file (NO_COLOR
still wins).
.TP
\fBTERM\fR
When \fBdumb\fR, no colour with \fB\-\-color auto\fR.
.TP
\fBCOMPLETE\fR
Set by the completion script that \fBpm completions\fR prints: pm then completes the command
line the shell passes it instead of running it.
"#;

fn exit_status(page: &str) -> String {
    let cases: &[(&str, &str)] = match page {
        "pm-check" => &[
            (
                "0",
                "No finding is an error (warnings allowed, unless \\fB\\-\\-deny\\-warnings\\fR \
                 or deny_warnings = true); always with \\fB\\-\\-exit\\-zero\\fR.",
            ),
            ("1", "At least one finding is an error."),
            (
                "2",
                "pm could not check: no program found, an unreadable folder, bad arguments.",
            ),
        ],
        "pm-fmt" => &[
            ("0", "Every file is (now) in pm's layout."),
            (
                "1",
                "With \\fB\\-\\-check\\fR: some files are not formatted.",
            ),
            (
                "2",
                "A file does not parse, or pm could not read or write it; nothing was written.",
            ),
        ],
        "pm" => &[
            ("0", "The command did what it was asked."),
            (
                "1",
                "\\fBpm check\\fR found errors; \\fBpm fmt \\-\\-check\\fR found unformatted \
                 files.",
            ),
            (
                "2",
                "The command could not run or refused: bad arguments, no program, an unknown \
                 id, a file that does not parse. It printed an error: line and wrote nothing.",
            ),
        ],
        _ => &[
            ("0", "The command did what it was asked."),
            (
                "2",
                "It could not run or refused: bad arguments, no program, an unknown id, a file \
                 that does not parse. It printed an error: line and wrote nothing.",
            ),
        ],
    };
    let mut out = String::from(".SH \"EXIT STATUS\"\n");
    for (code, meaning) in cases {
        out.push_str(&format!(".TP\n\\fB{code}\\fR\n{meaning}\n"));
    }
    out
}
