//! One file per subcommand: read the arguments, call store/check/render, print.

mod assignment;
mod balance;
mod benefit;
mod change;
mod check;
mod depend;
mod diff;
mod dry_run;
mod export;
mod fmt;
mod git;
mod history;
mod housekeeping;
mod import;
mod init;
mod level;
mod lsp;
mod merge_driver;
mod output;
mod person;
mod portfolio;
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
    /// `--only ID`: one program of a portfolio.
    pub only: Option<String>,
    pub cwd: PathBuf,
    pub color: bool,
    pub today: NaiveDate,
    /// The command line as typed, for the journal of a multi-file edit.
    pub command: String,
    /// `--dry-run`: edits print their diff and write nothing.
    pub dry_run: bool,
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
            only: cli.only.clone(),
            cwd,
            color,
            today: cli
                .today
                .unwrap_or_else(|| chrono::Local::now().date_naive()),
            command: command_line(),
            dry_run: cli.dry_run,
        })
    }

    /// The program root: `-C`, `PM_PROGRAM`, or the first folder upwards holding program.toml;
    /// in a portfolio, the program `--only` names. An edit a crash interrupted there is
    /// completed first, so no command ever sees it half-done.
    pub fn root(&self) -> Result<PathBuf> {
        let root = match store::find(self.program.as_deref(), &self.cwd)? {
            store::Root::Program(root) => {
                self.refuse_only(&root)?;
                root
            }
            store::Root::Portfolio(dir) => match &self.only {
                Some(id) => portfolio::member_dir(&dir, id)?,
                None => store::find_root(Some(&dir), &self.cwd)?,
            },
        };
        session::complete_interrupted(&root)?;
        Ok(root)
    }

    /// What the read-only commands that see a whole portfolio work on: a program, or a
    /// portfolio (with `--only` narrowing what they print).
    pub fn target(&self) -> Result<store::Root> {
        let root = store::find(self.program.as_deref(), &self.cwd)?;
        match &root {
            store::Root::Program(dir) => {
                self.refuse_only(dir)?;
                session::complete_interrupted(dir)?;
            }
            store::Root::Portfolio(dir) => {
                if let Some(id) = &self.only {
                    portfolio::member_dir(dir, id)?;
                }
                for (_, member) in store::program_folders(dir) {
                    session::complete_interrupted(&member)?;
                }
            }
        }
        Ok(root)
    }

    fn refuse_only(&self, root: &std::path::Path) -> Result<()> {
        if let Some(id) = &self.only {
            bail!(
                "--only {id} picks a program of a portfolio, but {} is a program, not a portfolio; leave --only out",
                root.display()
            );
        }
        Ok(())
    }

    /// `path` as the user would type it from the current folder.
    pub fn shown(&self, path: &std::path::Path) -> String {
        portfolio::relative(&self.cwd, path)
    }

    /// Writes to stdout; a closed pipe surfaces as an io error that `main` treats as success.
    pub fn print(&self, text: &str) -> Result<()> {
        let mut out = std::io::stdout().lock();
        out.write_all(text.as_bytes())?;
        out.flush()?;
        Ok(())
    }

    /// Streams to stdout what `write` produces, for output too large to build as one string
    /// first; a closed pipe is an io error, as with [`Ctx::print`].
    pub fn print_with(&self, write: impl FnOnce(&mut Stdout) -> std::io::Result<()>) -> Result<()> {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
        write(&mut out)?;
        out.flush()?;
        Ok(())
    }
}

/// Buffered standard output, a concrete type so that the many small writes of a serializer
/// are inlined copies into the buffer.
pub type Stdout = std::io::BufWriter<std::io::StdoutLock<'static>>;

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

/// Whether a command changes files, so that `--dry-run` means something to it.
fn edits(command: &Command) -> bool {
    use crate::cli::{
        AssignmentCommand, BenefitCommand, ChangeCommand, DependCommand, PersonCommand,
        ProjectCommand, RequestCommand, WorkCommand,
    };
    match command {
        Command::Init(_)
        | Command::Program(_)
        | Command::Scope(_)
        | Command::Assign(_)
        | Command::Unassign(_)
        | Command::Reassign(_)
        | Command::Import(_)
        | Command::Level(_) => true,
        Command::Fmt(a) => !a.check,
        Command::Project(c) => !matches!(c, ProjectCommand::List | ProjectCommand::Show { .. }),
        Command::Benefit(c) => !matches!(c, BenefitCommand::List),
        Command::Person(c) => !matches!(c, PersonCommand::List),
        Command::Work(c) => !matches!(c, WorkCommand::List(_)),
        Command::Assignment(c) => !matches!(c, AssignmentCommand::List(_)),
        Command::Request(c) => !matches!(c, RequestCommand::List(_)),
        Command::Depend(c) => !matches!(c, DependCommand::List(_)),
        Command::Charter(_) | Command::Git(_) => true,
        Command::Change(c) => !matches!(c, ChangeCommand::List(_)),
        // An export writes its own output file, not the program.
        Command::Balance(_)
        | Command::Export(_)
        | Command::Diff(_)
        | Command::History(_)
        | Command::MergeDriver(_)
        | Command::Lsp(_)
        | Command::Check(_)
        | Command::Report(_)
        | Command::Schema(_)
        | Command::Completions(_)
        | Command::Man(_) => false,
    }
}

/// Runs one parsed command line.
pub fn run(cli: Cli) -> Result<Exit> {
    let ctx = Ctx::new(&cli)?;
    if cli.dry_run && !edits(&cli.command) {
        bail!(
            "--dry-run shows what an edit would write; this command writes nothing, so run it without --dry-run"
        );
    }
    match &cli.command {
        Command::Init(a) => init::run(&ctx, a),
        Command::Program(crate::cli::ProgramCommand::Set(a)) => {
            ctx.edit(|tree| edit::program::set(tree, a))
        }
        Command::Project(c) => project::run(&ctx, c),
        Command::Benefit(c) => benefit::run(&ctx, c),
        Command::Person(c) => person::run(&ctx, c),
        Command::Scope(c) => scope::run(&ctx, c),
        Command::Work(c) => work::run(&ctx, c),
        Command::Assign(a) => ctx.edit(|tree| edit::assign::assign(tree, a)),
        Command::Assignment(c) => assignment::run(&ctx, c),
        Command::Unassign(a) => ctx.edit(|tree| edit::assignment::unassign(tree, a)),
        Command::Reassign(a) => ctx.edit(|tree| edit::reassign::run(tree, a)),
        Command::Request(c) => request::run(&ctx, c),
        Command::Charter(c) => change::charter(&ctx, c),
        Command::Change(c) => change::run(&ctx, c),
        Command::History(a) => history::run(&ctx, a),
        Command::Depend(c) => depend::run(&ctx, c),
        Command::Balance(a) => balance::run(&ctx, a),
        Command::Level(a) => level::run(&ctx, a),
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

/// Runs `base` on another thread while `here` runs on this one, and returns both: a revision's
/// files stream from Git while the work tree's are read. An error of `here` comes first.
pub fn beside<B: Send, H>(
    base: impl FnOnce() -> Result<B> + Send,
    here: impl FnOnce() -> Result<H>,
) -> Result<(B, H)> {
    std::thread::scope(|scope| {
        let base = scope.spawn(base);
        let here = here();
        let base = base.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
        let here = here?;
        Ok((base?, here))
    })
}

/// The folder of the program or portfolio in its repository, as a message names it.
pub fn repo_folder(repo: &crate::git::Repo) -> String {
    if repo.prefix().is_empty() {
        "the top folder of the repository".to_owned()
    } else {
        repo.prefix().trim_end_matches('/').to_owned()
    }
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

/// A table in pm's one table style (`render::table`), fitted to the terminal, each line
/// indented by `indent` spaces.
pub fn table_text(ctx: &Ctx, table: &crate::report::Table, indent: usize) -> String {
    let width = crate::render::table::terminal_width()
        .map(|w| w.saturating_sub(u16::try_from(indent).unwrap_or(0)));
    let text = crate::render::table::render(table, ctx.color, width);
    if indent == 0 {
        return text;
    }
    let pad = " ".repeat(indent);
    text.lines().map(|l| format!("{pad}{l}\n")).collect()
}
