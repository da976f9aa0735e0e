//! One file per subcommand: read the arguments, call store/check/render, print.

mod balance;
mod benefit;
mod change;
mod check;
mod diff;
mod dry_run;
mod export;
mod fmt;
mod git;
mod history;
mod housekeeping;
mod import;
mod init;
mod lsp;
mod merge_driver;
mod output;
mod person;
mod project;
mod report;
mod request;
mod scope;
mod session;
mod work;

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;

use crate::cli::{Cli, ColorChoice, Command};
use crate::{edit, store};

/// What a command wants the process to exit with, when it ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Success,
    /// `pm check` found errors (or warnings under --deny-warnings).
    Findings,
}

/// What every command may need: where the program is, today, and how to print.
pub struct Ctx {
    pub program: Option<PathBuf>,
    pub cwd: PathBuf,
    pub color: bool,
    pub today: NaiveDate,
    /// The command line as typed, for the journal of a multi-file edit.
    pub command: String,
}

impl Ctx {
    pub fn new(cli: &Cli) -> Result<Ctx> {
        let cwd = std::env::current_dir().context("cannot read the current folder")?;
        let color = match cli.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            // The conventions every terminal tool shares (NO_COLOR, CLICOLOR, CLICOLOR_FORCE,
            // TERM=dumb, a terminal or not), as clap itself reads them.
            ColorChoice::Auto => {
                anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
            }
        };
        Ok(Ctx {
            program: cli.program.clone(),
            cwd,
            color,
            today: cli
                .today
                .unwrap_or_else(|| chrono::Local::now().date_naive()),
            command: command_line(),
        })
    }

    /// The program root: `-C`, `PM_PROGRAM`, or the first folder upwards holding program.toml.
    /// An edit a crash interrupted there is completed first, so no command ever sees it
    /// half-done.
    pub fn root(&self) -> Result<PathBuf> {
        let root = store::find_root(self.program.as_deref(), &self.cwd)?;
        session::complete_interrupted(&root)?;
        Ok(root)
    }

    /// Writes to stdout; a closed pipe surfaces as an io error that `main` treats as success.
    pub fn print(&self, text: &str) -> Result<()> {
        let mut out = std::io::stdout().lock();
        out.write_all(text.as_bytes())?;
        out.flush()?;
        Ok(())
    }
}

/// `pm work move 'a b/c' --to x`: the process's arguments, quoted where a shell would need it.
fn command_line() -> String {
    let mut args = std::env::args();
    let _ = args.next();
    std::iter::once("pm".to_owned())
        .chain(args.map(|a| {
            let plain = !a.is_empty()
                && a.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_./=:,@%+".contains(c));
            if plain {
                a
            } else {
                format!("'{}'", a.replace('\'', "'\\''"))
            }
        }))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Runs one parsed command line.
pub fn run(cli: Cli) -> Result<Exit> {
    let ctx = Ctx::new(&cli)?;
    match &cli.command {
        Command::Init(a) => init::run(&ctx, a),
        Command::Project(c) => project::run(&ctx, c),
        Command::Benefit(c) => benefit::run(&ctx, c),
        Command::Person(c) => person::run(&ctx, c),
        Command::Scope(c) => scope::run(&ctx, c),
        Command::Work(c) => work::run(&ctx, c),
        Command::Assign(a) => ctx.edit(|tree| edit::assign::assign(tree, a)),
        Command::Unassign(a) => ctx.edit(|tree| edit::assign::unassign(tree, a)),
        Command::Reassign(a) => ctx.edit(|tree| edit::reassign::run(tree, a)),
        Command::Request(c) => request::run(&ctx, c),
        Command::Charter(c) => change::charter(&ctx, c),
        Command::Change(c) => change::run(&ctx, c),
        Command::History(a) => history::run(&ctx, a),
        Command::Balance(a) => balance::run(&ctx, a),
        Command::Check(a) => check::run(&ctx, a),
        Command::Diff(a) => diff::run(&ctx, a),
        Command::Report(a) => report::run(&ctx, a),
        Command::Export(c) => export::run(&ctx, c),
        Command::Import(c) => import::run(&ctx, c),
        Command::Fmt(a) => fmt::run(&ctx, a),
        Command::Schema(a) => housekeeping::schema(&ctx, a),
        Command::Completions(a) => housekeeping::completions(&ctx, a),
        Command::Man(a) => housekeeping::man(&ctx, a),
        Command::Lsp(_) => lsp::run(&ctx),
        Command::Git(c) => git::run(&ctx, c),
        Command::MergeDriver(a) => merge_driver::run(&ctx, a),
    }
}

/// The program for a read-only listing, optionally of one project: an unknown project is an
/// error with a did-you-mean, and project files that could not be read are named on stderr.
pub fn load_for_listing(ctx: &Ctx, project: Option<&str>) -> Result<store::Loaded> {
    if let Some(p) = project {
        edit::require_slug("project", p)?;
    }
    let tree = store::Tree::on_disk(ctx.root()?);
    let loaded = store::load_tree(&tree)?;
    if let Some(p) = project
        && loaded.project(p).is_none()
    {
        match edit::project_rel(&tree, p)? {
            Some(rel) => bail!("{rel} could not be read; run `pm check` to see why"),
            None => bail!("{}", edit::unknown_project(&tree, p)?),
        }
    }
    warn_unreadable(&loaded);
    Ok(loaded)
}

/// Names on stderr each project file that could not be read, so a listing that leaves it out
/// does not look complete.
pub fn warn_unreadable(loaded: &store::Loaded) {
    use crate::check::{Rule, Severity};
    let loaded_files: std::collections::BTreeSet<_> =
        loaded.projects.iter().map(|p| p.file).collect();
    let mut told = std::collections::BTreeSet::new();
    for d in &loaded.diagnostics {
        let path = loaded.sources.path(d.loc.file);
        if d.rule == Rule::InvalidFile
            && d.severity == Severity::Error
            && path.starts_with(&format!("{}/", store::PROJECTS_DIR))
            && !loaded_files.contains(&d.loc.file)
            && told.insert(path.to_owned())
        {
            eprintln!(
                "warning: {path} could not be read, so it is left out of this listing; run `pm check` to see why"
            );
        }
    }
}

/// A plain listing table: aligned columns under a ruled header, bold headers only when
/// colouring. Render it with `trim_fmt` so no line ends in padding.
pub fn list_table(ctx: &Ctx, header: &[&str]) -> comfy_table::Table {
    use comfy_table::{Attribute, Cell, LineStyle, TableStyle};
    let mut table = comfy_table::Table::new();
    table.load_style(TableStyle::new().header_separator(LineStyle::none().fill('─').junction('─')));
    if ctx.color {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    let cells: Vec<Cell> = header
        .iter()
        .map(|h| {
            let cell = Cell::new(h);
            if ctx.color {
                cell.add_attribute(Attribute::Bold)
            } else {
                cell
            }
        })
        .collect();
    table.set_header(cells);
    // No padding on the left, so lines start at the margin like the rest of pm's output.
    for column in table.column_iter_mut() {
        column.set_padding((0, 2));
    }
    table
}
