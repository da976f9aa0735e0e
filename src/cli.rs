//! The command line, as clap types only. They are also the parameter structs of the edits.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{ArgGroup, Args, Parser, Subcommand, ValueEnum};
use clap_complete::engine::{ArgValueCandidates, ArgValueCompleter, PathCompleter};

use crate::complete;

/// The heading the options every command takes are listed under, apart from its own.
const GLOBAL: &str = "Global options";

#[derive(Debug, Parser)]
#[command(
    name = "pm",
    version,
    about = "Keep a program of related projects as TOML files in Git, and check them",
    long_about = "pm keeps a program of related projects as plain TOML files (program.toml + \
                  projects/*.toml) and checks them: out-of-charter work, over-allocated people, \
                  broken references. Every item it can add, it can change and remove.",
    max_term_width = 100,
    after_help = "Dates are written YYYY-MM-DD (2026-03-01), percents as whole numbers of one \
                  full-time person (50), ids as slugs (a-z, 0-9 and '-'). `pm COMMAND --help` \
                  shows a command's options and examples."
)]
pub struct Cli {
    /// The program folder (the one holding program.toml), or a portfolio folder (the one holding
    /// portfolio.toml) [default: the first folder upwards from here that holds either]
    #[arg(
        short = 'C',
        long = "program",
        add = ArgValueCompleter::new(PathCompleter::dir()),
        global = true,
        env = "PM_PROGRAM",
        value_name = "DIR",
        help_heading = GLOBAL
    )]
    pub program: Option<PathBuf>,

    /// In a portfolio: only this program (its id), for the output of check, report, balance
    /// and diff (load still counted in every program), and as the program edits and level
    /// change
    #[arg(long, global = true, value_name = "ID", help_heading = GLOBAL)]
    pub only: Option<String>,

    /// When to colour output
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN", help_heading = GLOBAL)]
    pub color: ColorChoice,

    /// The date pm treats as today, YYYY-MM-DD, for reproducible output [default: the clock's]
    #[arg(long, global = true, env = "PM_TODAY", value_name = "DATE", value_parser = parse_date, help_heading = GLOBAL)]
    pub today: Option<NaiveDate>,

    /// Edit commands: print the unified diff of every file the edit would change, and write
    /// nothing (refused by commands that change no file)
    #[arg(long, global = true, help_heading = GLOBAL)]
    pub dry_run: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR, CLICOLOR=0 or TERM=dumb say no (CLICOLOR_FORCE: always)
    Auto,
    /// Always, even in a pipe or a file
    Always,
    /// Never
    Never,
}

pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("'{s}' is not a date; write it as YYYY-MM-DD, e.g. 2026-03-01"))
}

pub fn parse_percent(s: &str) -> Result<u32, String> {
    match s.parse::<u32>() {
        Ok(n) if n <= 1000 => Ok(n),
        _ => Err(format!(
            "'{s}' is not a percent; write a whole number from 0 to 1000 (100 = one full-time person)"
        )),
    }
}

pub fn parse_priority(s: &str) -> Result<u32, String> {
    match s.parse::<u32>() {
        Ok(n) if (1..=1000).contains(&n) => Ok(n),
        _ => Err(format!(
            "'{s}' is not a priority; write a whole number from 1 (least important) to 1000 (most important); a project without one has 500"
        )),
    }
}

pub fn parse_hours(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(n) if n.is_finite() && n >= 0.0 => Ok(n),
        _ => Err(format!(
            "'{s}' is not a number of hours; write e.g. 120 or 7.5"
        )),
    }
}

/// A new value for a key, or `Clear` for the empty value (`--assignee ""`), which removes it.
#[derive(Debug, Clone, PartialEq)]
pub enum Setting<T> {
    To(T),
    Clear,
}

impl<T> Setting<T> {
    pub fn value(&self) -> Option<&T> {
        match self {
            Setting::To(v) => Some(v),
            Setting::Clear => None,
        }
    }
}

fn clearable<T>(s: &str, parse: fn(&str) -> Result<T, String>) -> Result<Setting<T>, String> {
    if s.trim().is_empty() {
        Ok(Setting::Clear)
    } else {
        parse(s).map(Setting::To)
    }
}

fn parse_text(s: &str) -> Result<String, String> {
    Ok(s.to_owned())
}

pub fn date_or_clear(s: &str) -> Result<Setting<NaiveDate>, String> {
    clearable(s, parse_date)
}

pub fn hours_or_clear(s: &str) -> Result<Setting<f64>, String> {
    clearable(s, parse_hours)
}

pub fn text_or_clear(s: &str) -> Result<Setting<String>, String> {
    clearable(s, parse_text)
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a new program: program.toml and an empty projects/ folder
    Init(InitArgs),
    /// Change the program's own charter in program.toml
    #[command(subcommand)]
    Program(ProgramCommand),
    /// Create, list, show, change and rename projects
    #[command(subcommand)]
    Project(ProjectCommand),
    /// The program's benefits: what the program exists to achieve, and projects serve
    #[command(subcommand)]
    Benefit(BenefitCommand),
    /// The shared pool of people
    #[command(subcommand)]
    Person(PersonCommand),
    /// A project's deliverables (in scope) and exclusions (out of scope)
    #[command(subcommand)]
    Scope(ScopeCommand),
    /// Work items of projects
    #[command(subcommand)]
    Work(WorkCommand),
    /// Assign a person to a project
    #[command(after_help = ASSIGN_EXAMPLES)]
    Assign(AssignArgs),
    /// List, change and remove single assignments
    #[command(subcommand)]
    Assignment(AssignmentCommand),
    /// Remove a person's assignment to a project (short for `pm assignment remove`), or end it
    /// on a date
    Unassign(UnassignArgs),
    /// Move a person from one project to another on a date
    Reassign(ReassignArgs),
    /// Staffing requests: a project manager asks the program manager for people
    #[command(subcommand)]
    Request(RequestCommand),
    /// Approve a project's charter: the commit that records it is the baseline of its scope
    #[command(subcommand)]
    Charter(CharterCommand),
    /// Change requests against an approved charter: add, approve, reject, list
    #[command(subcommand)]
    Change(ChangeCommand),
    /// A project's charter life from Git: approvals, change requests, scope and window changes
    History(HistoryArgs),
    /// Dependencies between projects: a deliverable of another project a project waits for
    #[command(subcommand)]
    Depend(DependCommand),
    /// Propose who could take the load of over-allocated people and open requests, one at a time
    /// (read-only; `pm level` makes one plan of them all)
    Balance(BalanceArgs),
    /// The whole plan that ends every over-allocation and fills requests, by priority; --apply
    /// writes it
    Level(LevelArgs),
    /// Check the program: charters, scope, allocations, references
    #[command(after_help = CHECK_EXAMPLES)]
    Check(CheckArgs),
    /// What a change does to the program: items, findings and load, between two revisions
    Diff(DiffArgs),
    /// Reports: allocation, projects, people, scope, requests, gantt, dependencies, dashboard
    #[command(after_help = REPORT_EXAMPLES)]
    Report(ReportArgs),
    /// Write the program for other tools: MS Project XML, iCalendar, CSV
    #[command(subcommand)]
    Export(ExportCommand),
    /// Read people from a CSV file, or a new project from an MS Project XML plan
    #[command(subcommand)]
    Import(ImportCommand),
    /// Rewrite program.toml and the project files in the canonical layout, keeping every comment
    Fmt(FmtArgs),
    /// Print the JSON Schema of program.toml or of a project file, for editors
    Schema(SchemaArgs),
    /// Print a shell completion script
    Completions(CompletionsArgs),
    /// Print a manual page (roff), e.g. `pm man check > pm-check.1`, or write them all with --dir
    Man(ManArgs),
    /// Run the language server for editors (LSP over stdin and stdout)
    Lsp(LspArgs),
    /// Set up Git for the program: merge program files item by item with pm
    #[command(subcommand)]
    Git(GitCommand),
    /// Merge one program file for Git, item by item (the merge driver `pm git setup` turns on)
    MergeDriver(MergeDriverArgs),
}

#[derive(Debug, Subcommand)]
pub enum CharterCommand {
    /// Record the approval of a project's charter (charter.approved and approved_by)
    Approve(CharterApproveArgs),
}

#[derive(Debug, Args)]
pub struct CharterApproveArgs {
    /// The project whose charter is approved (its id)
    #[arg(add = ArgValueCandidates::new(complete::projects))]
    pub project: String,
    /// Who approves it (a person id, usually the sponsor or program manager)
    #[arg(long, value_name = "PERSON", add = ArgValueCandidates::new(complete::people))]
    pub by: String,
    /// The day of the approval, YYYY-MM-DD [default: today]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub on: Option<NaiveDate>,
}

#[derive(Debug, Subcommand)]
pub enum ChangeCommand {
    /// Request a change to an approved charter (proposed until approved)
    Add(ChangeAddArgs),
    /// Approve a change request: from then on it covers what it names
    Approve(ChangeApproveArgs),
    /// Reject a change request
    Reject(ChangeRejectArgs),
    /// List change requests
    List(ChangeListArgs),
}

#[derive(Debug, Args)]
pub struct ChangeAddArgs {
    /// The project whose approved charter the change alters (its id)
    #[arg(add = ArgValueCandidates::new(complete::projects))]
    pub project: String,
    /// Change id (a slug such as `add-docking-adapter`)
    pub id: String,
    /// What the change does, free text such as "Add a docking adapter"
    #[arg(long, value_name = "TEXT")]
    pub title: String,
    /// Why the change is needed
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
    /// Deliverables it brings into scope (comma-separated or repeated)
    #[arg(long, value_name = "DELIVERABLE", value_delimiter = ',')]
    pub adds: Vec<String>,
    /// Deliverables it takes out of scope
    #[arg(long, value_name = "DELIVERABLE", value_delimiter = ',', add = ArgValueCandidates::new(complete::deliverables))]
    pub removes: Vec<String>,
    /// Exclusions it lifts
    #[arg(long, value_name = "EXCLUSION", value_delimiter = ',')]
    pub unexcludes: Vec<String>,
    /// The new effort cap, in hours
    #[arg(long, value_name = "HOURS", value_parser = parse_hours)]
    pub effort_hours: Option<f64>,
    /// The new charter start, YYYY-MM-DD
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub start: Option<NaiveDate>,
    /// The new charter end, YYYY-MM-DD
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub end: Option<NaiveDate>,
    /// Who asks for it (a person id)
    #[arg(long, value_name = "PERSON", add = ArgValueCandidates::new(complete::people))]
    pub requested_by: Option<String>,
}

#[derive(Debug, Args)]
pub struct ChangeApproveArgs {
    /// The change request, as PROJECT/CHANGE (e.g. lander/add-docking-adapter)
    #[arg(add = ArgValueCandidates::new(complete::changes))]
    pub change: String,
    /// Who decides (a person id)
    #[arg(long, value_name = "PERSON", add = ArgValueCandidates::new(complete::people))]
    pub by: String,
    /// The day of the decision, YYYY-MM-DD [default: today]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub on: Option<NaiveDate>,
}

#[derive(Debug, Args)]
pub struct ChangeRejectArgs {
    /// The change request, as PROJECT/CHANGE (e.g. lander/add-docking-adapter)
    #[arg(add = ArgValueCandidates::new(complete::changes))]
    pub change: String,
    /// Who decides (a person id)
    #[arg(long, value_name = "PERSON", add = ArgValueCandidates::new(complete::people))]
    pub by: String,
    /// Why it is rejected (kept in the change's reason, after why it was asked for)
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
    /// The day of the decision, YYYY-MM-DD [default: today]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub on: Option<NaiveDate>,
}

#[derive(Debug, Args)]
pub struct ChangeListArgs {
    /// Only this project
    #[arg(add = ArgValueCandidates::new(complete::projects))]
    pub project: Option<String>,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The project whose charter life is told (its id)
    #[arg(add = ArgValueCandidates::new(complete::projects))]
    pub project: String,
    /// Output format
    #[arg(long, value_enum, default_value_t = HistoryFormat::Human)]
    pub format: HistoryFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HistoryFormat {
    /// One block per commit, oldest first
    Human,
    /// JSON for scripts (schema_version 1)
    Json,
}

#[derive(Debug, Subcommand)]
pub enum GitCommand {
    /// Turn on pm's merge driver: .gitattributes lines and the repository's git config
    Setup,
}

#[derive(Debug, Args)]
pub struct MergeDriverArgs {
    /// The common ancestor's version (Git's %O)
    #[arg(value_name = "BASE")]
    pub base: PathBuf,
    /// Our version, where the result is written (Git's %A)
    #[arg(value_name = "OURS")]
    pub ours: PathBuf,
    /// Their version (Git's %B)
    #[arg(value_name = "THEIRS")]
    pub theirs: PathBuf,
    /// The file's path in the repository (Git's %P), which says what kind of file it is
    #[arg(value_name = "PATH")]
    pub path: Option<String>,
}

const CHECK_EXAMPLES: &str = "\
Examples:
  pm check                          findings in rustc style; exit 1 on an error
  pm check --format github          annotations on a pull request
  pm check --deny-warnings          fail on warnings too
  pm check --explain                the rules, one line each
  pm check --explain PM201          what a rule checks and how to fix its findings";

const REPORT_EXAMPLES: &str = "\
Examples:
  pm report allocation --by week --from 2026-05-01 --to 2026-08-31
  pm report projects --format markdown >> STATUS.md
  pm report people --today 2026-09-01
  pm report gantt --format mermaid > plan.mmd";

const ASSIGN_EXAMPLES: &str = "\
Examples:
  pm assign alice lander --allocation 50
  pm assign bob lander --allocation 20 --from 2026-05-01 --to 2026-06-30 --proposed
  pm assign jun spacesuits --allocation 20 --from 2026-05-01 --to 2026-06-30 --instead-of priya

The dates written default to the charter's. pm refuses an assignment that would over-allocate
the person (naming the peak, the days and the projects) unless --force.";

const WORK_ADD_EXAMPLES: &str = "\
Examples:
  pm work add lander --title \"Leg drop tests\" --deliverable landing-legs --estimate-hours 120
  pm work add lander --title \"Hot-fire tests\" --assignee alice --start 2026-04-01 --due 2026-09-30";

const WORK_SET_EXAMPLES: &str = "\
Examples:
  pm work set lander/leg-drop-tests --status doing
  pm work set lander/leg-drop-tests --status done
  pm work set lander/leg-drop-tests --due 2026-11-30 --estimate-hours 160
  pm work set lander/leg-drop-tests --assignee \"\"      (removes the assignee)";

#[derive(Debug, Args)]
pub struct ManArgs {
    /// The command whose page to print, e.g. `check` or `project new` (default: pm(1) itself)
    #[arg(value_name = "COMMAND", conflicts_with = "dir")]
    pub command: Vec<String>,
    /// Write every page (pm.1, pm-check.1, pm-project-new.1, …) into this folder
    #[arg(long, value_name = "DIR", add = ArgValueCompleter::new(PathCompleter::dir()))]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Write nothing; list the files that are not formatted and exit 1 if there are any
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which file format
    #[arg(value_enum, value_name = "program|project|portfolio")]
    pub file: SchemaFile,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaFile {
    /// program.toml
    Program,
    /// projects/ID.toml
    Project,
    /// portfolio.toml, above the programs of a portfolio
    Portfolio,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder to create the program in [default: the current folder, or -C]
    #[arg(add = ArgValueCompleter::new(PathCompleter::dir()))]
    pub dir: Option<PathBuf>,
    /// Program id, a slug such as `artemis`
    #[arg(long, value_name = "ID")]
    pub id: String,
    /// Program name, free text such as "Artemis Lunar Program"
    #[arg(long, value_name = "TEXT")]
    pub name: String,
    /// Program manager: a person id, added to the pool (give them a name later with
    /// `pm person set ID --name`)
    #[arg(long, value_name = "PERSON", add = ArgValueCandidates::new(complete::people))]
    pub manager: Option<String>,
    /// First day of the program, YYYY-MM-DD
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub start: Option<NaiveDate>,
    /// Last day of the program, YYYY-MM-DD
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub end: Option<NaiveDate>,
}

#[derive(Debug, Subcommand)]
pub enum ProgramCommand {
    /// Change the program's name, manager, sponsor, window or hours per week
    Set(ProgramSetArgs),
}

#[derive(Debug, Args)]
pub struct ProgramSetArgs {
    /// Program name, free text
    #[arg(long, value_name = "TEXT")]
    pub name: Option<String>,
    /// Program manager, a person id of the pool ("" removes it)
    #[arg(long, value_name = "PERSON", value_parser = text_or_clear, add = ArgValueCandidates::new(complete::people))]
    pub manager: Option<Setting<String>>,
    /// Sponsor, free text ("" removes it)
    #[arg(long, value_name = "TEXT", value_parser = text_or_clear)]
    pub sponsor: Option<Setting<String>>,
    /// First day of the program, YYYY-MM-DD ("" removes it)
    #[arg(long, value_name = "DATE", value_parser = date_or_clear)]
    pub start: Option<Setting<NaiveDate>>,
    /// Last day of the program, YYYY-MM-DD ("" removes it)
    #[arg(long, value_name = "DATE", value_parser = date_or_clear)]
    pub end: Option<Setting<NaiveDate>>,
    /// Hours of a full-time week, for the reports in hours (default 40)
    #[arg(long, value_name = "HOURS", value_parser = parse_hours)]
    pub hours_per_week: Option<f64>,
}

#[derive(Debug, Subcommand)]
pub enum ProjectCommand {
    /// Create a project file under projects/
    New(ProjectNewArgs),
    /// List the projects
    List,
    /// Show one project: charter, scope, work, staffing and findings
    Show {
        /// Project id
        #[arg(value_name = "PROJECT", add = ArgValueCandidates::new(complete::projects))]
        id: String,
    },
    /// Change a project's status, name, priority, manager, benefits or charter
    Set(ProjectSetArgs),
    /// Give a project a new id: renames its file and rewrites every reference to it
    Rename(RenameArgs),
}

/// `OLD NEW` of a rename.
#[derive(Debug, Args)]
pub struct RenameArgs {
    /// The id it has now
    #[arg(value_name = "OLD")]
    pub old: String,
    /// The id it gets, a slug
    #[arg(value_name = "NEW")]
    pub new: String,
}

#[derive(Debug, Args)]
pub struct ProjectNewArgs {
    /// Project id, a slug such as `lander`; also the file name (projects/ID.toml)
    #[arg(value_name = "ID")]
    pub id: String,
    /// Project name, free text such as "Lunar Lander" (required)
    #[arg(long, value_name = "TEXT")]
    pub name: String,
    /// Project manager, a person id of the pool
    #[arg(long, value_name = "PERSON", add = ArgValueCandidates::new(complete::people))]
    pub manager: Option<String>,
    /// First day of the charter, YYYY-MM-DD
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub start: Option<NaiveDate>,
    /// Last day of the charter, YYYY-MM-DD
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub end: Option<NaiveDate>,
    /// What the project must achieve, free text
    #[arg(long, value_name = "TEXT")]
    pub objective: Option<String>,
    /// A program benefit the project serves, by id (repeat for several)
    #[arg(long = "benefit", value_name = "BENEFIT", add = ArgValueCandidates::new(complete::benefits))]
    pub benefits: Vec<String>,
    /// Status [default: proposed]
    #[arg(long, value_name = "STATUS", value_parser = ["proposed", "active", "on-hold", "done", "cancelled"])]
    pub status: Option<String>,
}

#[derive(Debug, Args)]
pub struct ProjectSetArgs {
    /// Project id
    #[arg(value_name = "PROJECT", add = ArgValueCandidates::new(complete::projects))]
    pub id: String,
    /// New status
    #[arg(long, value_name = "STATUS", value_parser = ["proposed", "active", "on-hold", "done", "cancelled"])]
    pub status: Option<String>,
    /// New name, free text
    #[arg(long, value_name = "TEXT")]
    pub name: Option<String>,
    /// Priority, 1-1000 (higher is more important; 500 when not set)
    #[arg(long, value_name = "N", value_parser = parse_priority)]
    pub priority: Option<u32>,
    /// First day of the charter, YYYY-MM-DD
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub start: Option<NaiveDate>,
    /// Last day of the charter, YYYY-MM-DD
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub end: Option<NaiveDate>,
    /// Project manager, a person id of the pool
    #[arg(long, value_name = "PERSON", add = ArgValueCandidates::new(complete::people))]
    pub manager: Option<String>,
    /// What the project must achieve, free text
    #[arg(long, value_name = "TEXT")]
    pub objective: Option<String>,
    /// Cap on the estimated hours of the project's work
    #[arg(long, value_name = "HOURS", value_parser = parse_hours)]
    pub effort_hours: Option<f64>,
    /// Add a program benefit the project serves, by id (repeat for several)
    #[arg(long = "benefit", value_name = "BENEFIT", add = ArgValueCandidates::new(complete::benefits))]
    pub benefits: Vec<String>,
    /// Take a benefit off the project's list, by id (repeat for several)
    #[arg(long = "remove-benefit", value_name = "BENEFIT", add = ArgValueCandidates::new(complete::benefits))]
    pub remove_benefits: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum BenefitCommand {
    /// Add a benefit to program.toml
    Add {
        /// Benefit id, a slug such as `crewed-landing`
        #[arg(value_name = "ID")]
        id: String,
        /// What the program achieves, free text such as "Land a crew on the Moon"
        #[arg(long, value_name = "TEXT")]
        title: String,
    },
    /// List the benefits and the projects that serve them
    List,
    /// Change a benefit's title, or its id (every project's `benefits` follows)
    Set(BenefitSetArgs),
    /// Remove a benefit; refused while a project serves it
    Remove {
        /// Benefit id
        #[arg(value_name = "BENEFIT", add = ArgValueCandidates::new(complete::benefits))]
        id: String,
    },
}

#[derive(Debug, Args)]
pub struct BenefitSetArgs {
    /// Benefit id
    #[arg(value_name = "BENEFIT", add = ArgValueCandidates::new(complete::benefits))]
    pub id: String,
    /// New title, free text
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// New id, a slug; the projects that serve the benefit are changed with it
    #[arg(long = "id", value_name = "NEW")]
    pub new_id: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum PersonCommand {
    /// Add a person to the pool
    Add(PersonAddArgs),
    /// List the pool
    List,
    /// Change a person's name, capacity, skills or dates in the pool
    Set(PersonSetArgs),
    /// Record time off, or cancel it with --cancel
    Off(PersonOffArgs),
    /// Remove a person from the pool; refused while anything refers to them
    Remove {
        /// Person id
        #[arg(value_name = "PERSON", add = ArgValueCandidates::new(complete::people))]
        id: String,
    },
    /// Give a person a new id, rewriting every reference to them in every file
    Rename(RenameArgs),
}

#[derive(Debug, Args)]
pub struct PersonAddArgs {
    /// Person id, a slug such as `alice`
    #[arg(value_name = "ID")]
    pub id: String,
    /// Full name, free text
    #[arg(long, value_name = "TEXT")]
    pub name: Option<String>,
    /// Percent of a full-time person, 0-1000 [default: 100]
    #[arg(long, value_name = "PERCENT", value_parser = parse_percent)]
    pub capacity: Option<u32>,
    /// Skills, comma-separated: propulsion,rust
    #[arg(long, value_name = "SKILL,…", value_delimiter = ',')]
    pub skills: Vec<String>,
    /// First day in the pool, YYYY-MM-DD
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub start: Option<NaiveDate>,
    /// Last day in the pool, YYYY-MM-DD
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub end: Option<NaiveDate>,
}

#[derive(Debug, Args)]
pub struct PersonSetArgs {
    /// Person id
    #[arg(value_name = "PERSON", add = ArgValueCandidates::new(complete::people))]
    pub id: String,
    /// Full name, free text ("" removes it)
    #[arg(long, value_name = "TEXT", value_parser = text_or_clear)]
    pub name: Option<Setting<String>>,
    /// Percent of a full-time person, 0-1000; a lower capacity that would over-allocate the
    /// person is refused unless --force
    #[arg(long, value_name = "PERCENT", value_parser = parse_percent)]
    pub capacity: Option<u32>,
    /// The skills, comma-separated, replacing the list ("" removes them all)
    #[arg(long, value_name = "SKILL,…", value_delimiter = ',')]
    pub skills: Option<Vec<String>>,
    /// First day in the pool, YYYY-MM-DD ("" removes it)
    #[arg(long, value_name = "DATE", value_parser = date_or_clear)]
    pub start: Option<Setting<NaiveDate>>,
    /// Last day in the pool, YYYY-MM-DD ("" removes it)
    #[arg(long, value_name = "DATE", value_parser = date_or_clear)]
    pub end: Option<Setting<NaiveDate>>,
    /// Lower the capacity even if that over-allocates the person
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("what").args(["to", "cancel"]).required(true)))]
pub struct PersonOffArgs {
    /// Person id
    #[arg(value_name = "PERSON", add = ArgValueCandidates::new(complete::people))]
    pub id: String,
    /// First day off, YYYY-MM-DD (with --cancel: the first day of the entry to cancel)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub from: NaiveDate,
    /// Last day off, YYYY-MM-DD
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub to: Option<NaiveDate>,
    /// Why, free text such as "leave"
    #[arg(long, value_name = "TEXT", conflicts_with = "cancel")]
    pub reason: Option<String>,
    /// Cancel the time off that starts on --from instead (the person is back at work then; an
    /// over-allocation that brings back is refused unless --force)
    #[arg(long, conflicts_with = "to")]
    pub cancel: bool,
    /// Cancel even if that over-allocates the person
    #[arg(long, requires = "cancel")]
    pub force: bool,
}

#[derive(Debug, Subcommand)]
pub enum ScopeCommand {
    /// Add a deliverable (in scope)
    Add(ScopeAddArgs),
    /// Add an exclusion (explicitly out of scope)
    Exclude(ScopeExcludeArgs),
    /// Change a deliverable's or exclusion's title, due date, keywords or id
    Set(ScopeSetArgs),
    /// Remove a deliverable or exclusion; refused while work traces to it, unless --retrace-to
    Remove(ScopeRemoveArgs),
}

#[derive(Debug, Args)]
pub struct ScopeAddArgs {
    /// Project id
    #[arg(value_name = "PROJECT", add = ArgValueCandidates::new(complete::projects))]
    pub project: String,
    /// Deliverable id, a slug such as `descent-stage`
    #[arg(value_name = "ID")]
    pub id: String,
    /// What is delivered, free text such as "Descent stage"
    #[arg(long, value_name = "TEXT")]
    pub title: String,
    /// When it is due, YYYY-MM-DD
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub due: Option<NaiveDate>,
}

#[derive(Debug, Args)]
pub struct ScopeExcludeArgs {
    /// Project id
    #[arg(value_name = "PROJECT", add = ArgValueCandidates::new(complete::projects))]
    pub project: String,
    /// Exclusion id, a slug such as `spacesuits`
    #[arg(value_name = "ID")]
    pub id: String,
    /// What is out of scope, free text such as "Crew spacesuits"
    #[arg(long, value_name = "TEXT")]
    pub title: String,
    /// Words that mark work as excluded, comma-separated: spacesuit,eva suit
    #[arg(long, value_name = "WORD,…", value_delimiter = ',')]
    pub keywords: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ScopeSetArgs {
    /// Project id
    #[arg(value_name = "PROJECT", add = ArgValueCandidates::new(complete::projects))]
    pub project: String,
    /// The deliverable's or exclusion's id
    #[arg(value_name = "ID", add = ArgValueCandidates::new(complete::deliverables))]
    pub id: String,
    /// New title, free text
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// Deliverables: when it is due, YYYY-MM-DD ("" removes it)
    #[arg(long, value_name = "DATE", value_parser = date_or_clear)]
    pub due: Option<Setting<NaiveDate>>,
    /// Exclusions: the keywords, comma-separated, replacing the list ("" removes them)
    #[arg(long, value_name = "WORD,…", value_delimiter = ',')]
    pub keywords: Option<Vec<String>>,
    /// New id, a slug; the project's work that traces to it follows
    #[arg(long = "id", value_name = "NEW")]
    pub new_id: Option<String>,
}

#[derive(Debug, Args)]
pub struct ScopeRemoveArgs {
    /// Project id
    #[arg(value_name = "PROJECT", add = ArgValueCandidates::new(complete::projects))]
    pub project: String,
    /// The deliverable's or exclusion's id
    #[arg(value_name = "ID", add = ArgValueCandidates::new(complete::deliverables))]
    pub id: String,
    /// Trace the work that names it to this other deliverable of the project instead
    #[arg(long, value_name = "DELIVERABLE", add = ArgValueCandidates::new(complete::deliverables))]
    pub retrace_to: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum WorkCommand {
    /// Add a work item to a project
    #[command(after_help = WORK_ADD_EXAMPLES)]
    Add(WorkAddArgs),
    /// List work items
    List(WorkListArgs),
    /// Change a work item: its status (todo, doing, done), dates, estimate, assignee, …
    #[command(after_help = WORK_SET_EXAMPLES)]
    Set(WorkSetArgs),
    /// Decide on out-of-charter work: move it to another project, start a new one, or drop it
    Move(WorkMoveArgs),
    /// Delete a work item recorded by mistake (to give work up, `pm work move P/W --drop`)
    Remove {
        /// The work item, as PROJECT/WORK (e.g. lander/leg-drop-tests)
        #[arg(value_name = "PROJECT/WORK", add = ArgValueCandidates::new(complete::work))]
        item: String,
    },
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("decision").required(true).args(["to", "new_project", "drop"])))]
pub struct WorkMoveArgs {
    /// The work item, as PROJECT/WORK (e.g. lander/relay-site-survey)
    #[arg(value_name = "PROJECT/WORK", add = ArgValueCandidates::new(complete::work))]
    pub item: String,
    /// Move it into this project
    #[arg(long, value_name = "PROJECT", add = ArgValueCandidates::new(complete::projects))]
    pub to: Option<String>,
    /// Start a new proposed project for it, with this id (a slug)
    #[arg(long, value_name = "ID")]
    pub new_project: Option<String>,
    /// Drop it: it serves no program benefit (needs --reason)
    #[arg(long, requires = "reason")]
    pub drop: bool,
    /// Why it is dropped, free text
    #[arg(long, value_name = "TEXT", requires = "drop")]
    pub reason: Option<String>,
    /// With --to: the target's deliverable it serves (default: the one it names now).
    /// With --new-project: the id of the new project's deliverable
    #[arg(long, value_name = "DELIVERABLE", conflicts_with = "drop", add = ArgValueCandidates::new(complete::deliverables))]
    pub deliverable: Option<String>,
    /// A new id for the item where it lands (when its id is taken there)
    #[arg(long, value_name = "ID", conflicts_with = "drop")]
    pub id: Option<String>,
}

#[derive(Debug, Args)]
pub struct WorkAddArgs {
    /// Project id
    #[arg(value_name = "PROJECT", add = ArgValueCandidates::new(complete::projects))]
    pub project: String,
    /// What the work is, free text such as "Leg drop tests" (required)
    #[arg(long, value_name = "TEXT")]
    pub title: String,
    /// Work id, a slug [default: a slug of the title]
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
    /// The deliverable of the project the work serves, by id
    #[arg(long, value_name = "DELIVERABLE", add = ArgValueCandidates::new(complete::deliverables))]
    pub deliverable: Option<String>,
    /// Estimated effort in hours, e.g. 120 or 7.5
    #[arg(long, value_name = "HOURS", value_parser = parse_hours)]
    pub estimate_hours: Option<f64>,
    /// Status [default: todo] (to drop work, `pm work move P/W --drop --reason R`)
    #[arg(long, value_name = "STATUS", value_parser = ["todo", "doing", "done"])]
    pub status: Option<String>,
    /// First day of the work, YYYY-MM-DD
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub start: Option<NaiveDate>,
    /// When it is due, YYYY-MM-DD
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub due: Option<NaiveDate>,
    /// Who does it, a person id of the pool
    #[arg(long, value_name = "PERSON", add = ArgValueCandidates::new(complete::people))]
    pub assignee: Option<String>,
    /// Tags, comma-separated: tests,propulsion
    #[arg(long, value_name = "TAG,…", value_delimiter = ',')]
    pub tags: Vec<String>,
}

#[derive(Debug, Args)]
pub struct WorkSetArgs {
    /// The work item, as PROJECT/WORK (e.g. lander/leg-drop-tests)
    #[arg(value_name = "PROJECT/WORK", add = ArgValueCandidates::new(complete::work))]
    pub item: String,
    /// New title, free text
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// The deliverable it serves, by id ("" removes it)
    #[arg(long, value_name = "DELIVERABLE", value_parser = text_or_clear, add = ArgValueCandidates::new(complete::deliverables))]
    pub deliverable: Option<Setting<String>>,
    /// Estimated effort in hours, e.g. 120 or 7.5 ("" removes it)
    #[arg(long, value_name = "HOURS", value_parser = hours_or_clear)]
    pub estimate_hours: Option<Setting<f64>>,
    /// First day, YYYY-MM-DD ("" removes it)
    #[arg(long, value_name = "DATE", value_parser = date_or_clear)]
    pub start: Option<Setting<NaiveDate>>,
    /// When it is due, YYYY-MM-DD ("" removes it)
    #[arg(long, value_name = "DATE", value_parser = date_or_clear)]
    pub due: Option<Setting<NaiveDate>>,
    /// Who does it, a person id of the pool ("" removes it)
    #[arg(long, value_name = "PERSON", value_parser = text_or_clear, add = ArgValueCandidates::new(complete::people))]
    pub assignee: Option<Setting<String>>,
    /// Tags, comma-separated, replacing the list ("" removes them)
    #[arg(long, value_name = "TAG,…", value_delimiter = ',')]
    pub tags: Option<Vec<String>>,
    /// New status (to drop work, `pm work move P/W --drop --reason R`)
    #[arg(long, value_name = "STATUS", value_parser = ["todo", "doing", "done"])]
    pub status: Option<String>,
    /// New id, a slug
    #[arg(long = "id", value_name = "NEW")]
    pub new_id: Option<String>,
}

#[derive(Debug, Args)]
pub struct WorkListArgs {
    /// Only this project
    #[arg(value_name = "PROJECT", add = ArgValueCandidates::new(complete::projects))]
    pub project: Option<String>,
    /// Only work with this status
    #[arg(long, value_name = "STATUS", value_parser = ["todo", "doing", "done", "dropped"])]
    pub status: Option<String>,
    /// Only work outside its project's charter (untraced, excluded, out of dates)
    #[arg(long)]
    pub out_of_charter: bool,
}

#[derive(Debug, Args)]
pub struct AssignArgs {
    /// Person id
    #[arg(value_name = "PERSON", add = ArgValueCandidates::new(complete::people))]
    pub person: String,
    /// Project id
    #[arg(value_name = "PROJECT", add = ArgValueCandidates::new(complete::projects))]
    pub project: String,
    /// Percent of a full-time person, 0-1000 (50 = half time)
    #[arg(long, value_name = "PERCENT", value_parser = parse_percent)]
    pub allocation: u32,
    /// First day, YYYY-MM-DD [default: the charter start]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub from: Option<NaiveDate>,
    /// Last day, YYYY-MM-DD [default: the charter end]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub to: Option<NaiveDate>,
    /// A tentative assignment, not yet agreed (it adds no committed load)
    #[arg(long)]
    pub proposed: bool,
    /// The person's role on the project, free text such as "propulsion lead"
    #[arg(long, value_name = "TEXT")]
    pub role: Option<String>,
    /// Hand this load over from PERSON: their assignment on the project covering these dates
    /// loses the same allocation over them (what `pm balance` proposes)
    #[arg(long, value_name = "PERSON", add = ArgValueCandidates::new(complete::people))]
    pub instead_of: Option<String>,
    /// Assign even if that over-allocates the person
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Subcommand)]
pub enum AssignmentCommand {
    /// List assignments, of a person or a project or both
    List(AssignmentListArgs),
    /// Change one assignment: allocation, dates, role, committed or proposed
    Set(AssignmentSetArgs),
    /// Remove one assignment (or all of a person's on a project with --all)
    Remove(AssignmentRemoveArgs),
}

#[derive(Debug, Args)]
pub struct AssignmentListArgs {
    /// A person id, or a project id when no person has it
    #[arg(value_name = "PERSON")]
    pub person: Option<String>,
    /// Project id
    #[arg(value_name = "PROJECT", add = ArgValueCandidates::new(complete::projects))]
    pub project: Option<String>,
}

/// Which of a person's assignments on a project a command means.
#[derive(Debug, Args)]
pub struct AssignmentTarget {
    /// Person id
    #[arg(value_name = "PERSON", add = ArgValueCandidates::new(complete::people))]
    pub person: String,
    /// Project id
    #[arg(value_name = "PROJECT", add = ArgValueCandidates::new(complete::projects))]
    pub project: String,
    /// The assignment that runs on this day, YYYY-MM-DD (needed when the person has several
    /// on the project)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub at: Option<NaiveDate>,
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("status").args(["commit", "propose"])))]
pub struct AssignmentSetArgs {
    #[command(flatten)]
    pub target: AssignmentTarget,
    /// Percent of a full-time person, 0-1000
    #[arg(long, value_name = "PERCENT", value_parser = parse_percent)]
    pub allocation: Option<u32>,
    /// First day, YYYY-MM-DD
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub from: Option<NaiveDate>,
    /// Last day, YYYY-MM-DD
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub to: Option<NaiveDate>,
    /// The person's role, free text ("" removes it)
    #[arg(long, value_name = "TEXT", value_parser = text_or_clear)]
    pub role: Option<Setting<String>>,
    /// Make a proposed assignment committed (agreed)
    #[arg(long)]
    pub commit: bool,
    /// Make a committed assignment proposed (tentative) again
    #[arg(long)]
    pub propose: bool,
    /// Change it even if that over-allocates the person
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct AssignmentRemoveArgs {
    #[command(flatten)]
    pub target: AssignmentTarget,
    /// Every assignment of the person on the project
    #[arg(long, conflicts_with = "at")]
    pub all: bool,
}

#[derive(Debug, Args)]
pub struct UnassignArgs {
    #[command(flatten)]
    pub remove: AssignmentRemoveArgs,
    /// End the assignment on the day before DATE (YYYY-MM-DD) instead of removing it; one
    /// that only starts on or after DATE is removed
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub on: Option<NaiveDate>,
}

#[derive(Debug, Args)]
pub struct ReassignArgs {
    /// Person id
    #[arg(value_name = "PERSON", add = ArgValueCandidates::new(complete::people))]
    pub person: String,
    /// The project the person leaves
    #[arg(long, value_name = "PROJECT", add = ArgValueCandidates::new(complete::projects))]
    pub from_project: String,
    /// The project the person joins
    #[arg(long, value_name = "PROJECT", add = ArgValueCandidates::new(complete::projects))]
    pub to_project: String,
    /// First day on the new project, YYYY-MM-DD (the old assignment ends the day before)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub on: NaiveDate,
    /// Percent on the new project, 0-1000 [default: the old assignment's]
    #[arg(long, value_name = "PERCENT", value_parser = parse_percent)]
    pub allocation: Option<u32>,
    /// Last day on the new project, YYYY-MM-DD [default: the old assignment's last day]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub to: Option<NaiveDate>,
    /// Move even if that over-allocates the person
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Subcommand)]
pub enum RequestCommand {
    /// Ask the program manager for someone with these skills
    Add(RequestAddArgs),
    /// List open staffing requests
    List(RequestListArgs),
    /// Change an open request: skills, allocation, dates, reason
    Set(RequestSetArgs),
    /// Fill a request with a person: adds their assignment and marks the request filled
    Fill(RequestFillArgs),
    /// Withdraw an open request: nobody is needed any more
    Withdraw(RequestWithdrawArgs),
}

#[derive(Debug, Args)]
pub struct RequestAddArgs {
    /// Project id
    #[arg(value_name = "PROJECT", add = ArgValueCandidates::new(complete::projects))]
    pub project: String,
    /// Skills the person must all have, comma-separated: thermal,cfd
    #[arg(long, value_name = "SKILL,…", value_delimiter = ',', required = true)]
    pub skills: Vec<String>,
    /// Percent of a full-time person needed, 1-1000
    #[arg(long, value_name = "PERCENT", value_parser = parse_percent)]
    pub allocation: u32,
    /// First day, YYYY-MM-DD [default: the charter start]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub from: Option<NaiveDate>,
    /// Last day, YYYY-MM-DD [default: the charter end]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub to: Option<NaiveDate>,
    /// Why the project needs someone, free text (required)
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
    /// Request id, a slug [default: a slug of the skills]
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
}

#[derive(Debug, Args)]
pub struct RequestSetArgs {
    /// The request, as PROJECT/REQUEST (e.g. comms-relay/rf-engineer)
    #[arg(value_name = "PROJECT/REQUEST", add = ArgValueCandidates::new(complete::requests))]
    pub request: String,
    /// Skills the person must all have, comma-separated, replacing the list
    #[arg(long, value_name = "SKILL,…", value_delimiter = ',')]
    pub skills: Option<Vec<String>>,
    /// Percent of a full-time person needed, 1-1000
    #[arg(long, value_name = "PERCENT", value_parser = parse_percent)]
    pub allocation: Option<u32>,
    /// First day, YYYY-MM-DD
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub from: Option<NaiveDate>,
    /// Last day, YYYY-MM-DD
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub to: Option<NaiveDate>,
    /// Why the project needs someone, free text
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
}

#[derive(Debug, Args)]
pub struct RequestWithdrawArgs {
    /// The request, as PROJECT/REQUEST (e.g. comms-relay/rf-engineer)
    #[arg(value_name = "PROJECT/REQUEST", add = ArgValueCandidates::new(complete::requests))]
    pub request: String,
    /// Why nobody is needed any more, free text (required; kept in the request's reason)
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
}

#[derive(Debug, Args)]
pub struct RequestListArgs {
    /// Only this project
    #[arg(value_name = "PROJECT", add = ArgValueCandidates::new(complete::projects))]
    pub project: Option<String>,
    /// Filled and withdrawn requests too
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Args)]
pub struct RequestFillArgs {
    /// The request, as PROJECT/REQUEST (e.g. comms-relay/rf-engineer)
    #[arg(value_name = "PROJECT/REQUEST", add = ArgValueCandidates::new(complete::requests))]
    pub request: String,
    /// The person who takes it on, a person id of the pool
    #[arg(long, value_name = "PERSON", add = ArgValueCandidates::new(complete::people))]
    pub person: String,
    /// Fill it even if the person would be over-allocated or unavailable
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Subcommand)]
pub enum DependCommand {
    /// Record that a project waits for a deliverable of another project, needed by a date
    Add(DependAddArgs),
    /// Change a dependency: what it waits on, when it is needed, which work waits, why
    Set(DependSetArgs),
    /// Remove a dependency
    Remove(DependRemoveArgs),
    /// List the dependencies, with the deliverable's due date and whether it comes in time
    List(DependListArgs),
}

#[derive(Debug, Args)]
pub struct DependAddArgs {
    /// The project that waits
    #[arg(add = ArgValueCandidates::new(complete::projects))]
    pub project: String,
    /// Dependency id (a slug, unique in the project)
    pub id: String,
    /// What it waits for: a deliverable of another project, as PROJECT/DELIVERABLE
    #[arg(long, value_name = "PROJECT/DELIVERABLE", add = ArgValueCandidates::new(complete::targets))]
    pub on: String,
    /// The day the project needs it, YYYY-MM-DD; a deliverable due later is at risk (PM109)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub needed_by: NaiveDate,
    /// Comma-separated work items of the project that wait for it
    #[arg(long = "for", value_name = "WORK", value_delimiter = ',')]
    pub work: Vec<String>,
    /// Why the project needs it
    #[arg(long)]
    pub reason: Option<String>,
}

#[derive(Debug, Args)]
pub struct DependSetArgs {
    /// The dependency, as PROJECT/ID (e.g. spacesuits/suitport-interface)
    #[arg(add = ArgValueCandidates::new(complete::dependencies))]
    pub dependency: String,
    /// Wait for this deliverable instead, as PROJECT/DELIVERABLE
    #[arg(long, value_name = "PROJECT/DELIVERABLE", add = ArgValueCandidates::new(complete::targets))]
    pub on: Option<String>,
    /// The day the project needs it, YYYY-MM-DD
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub needed_by: Option<NaiveDate>,
    /// The work items that wait for it, comma-separated, replacing the list (`--for ""`: none)
    #[arg(long = "for", value_name = "WORK", value_delimiter = ',')]
    pub work: Option<Vec<String>>,
    /// Why the project needs it (`--reason ""` removes it)
    #[arg(long)]
    pub reason: Option<String>,
}

#[derive(Debug, Args)]
pub struct DependRemoveArgs {
    /// The dependency, as PROJECT/ID
    #[arg(add = ArgValueCandidates::new(complete::dependencies))]
    pub dependency: String,
}

#[derive(Debug, Args)]
pub struct DependListArgs {
    /// Only the dependencies of this project
    #[arg(add = ArgValueCandidates::new(complete::projects))]
    pub project: Option<String>,
}

#[derive(Debug, Args)]
pub struct BalanceArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = BalanceFormat::Table)]
    pub format: BalanceFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BalanceFormat {
    /// One block per proposal, for people
    Table,
    /// JSON for scripts (schema_version 1)
    Json,
}

#[derive(Debug, Args)]
pub struct LevelArgs {
    /// First day levelled, YYYY-MM-DD (default: the program's start, else January 1 of this
    /// year)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub from: Option<NaiveDate>,
    /// Last day levelled, YYYY-MM-DD (default: the program's end, else December 31 of this
    /// year)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub to: Option<NaiveDate>,
    /// Write the plan into the project files, as one transaction (with the global --dry-run:
    /// print the diff it would write, and write nothing)
    #[arg(long)]
    pub apply: bool,
    /// Output format of the plan
    #[arg(long, value_enum, default_value_t = LevelFormat::Human)]
    pub format: LevelFormat,
    /// How to solve: exact where a part is small enough, else the fallback (auto); exact
    /// everywhere, however long it takes; or the fallback everywhere, to compare
    #[arg(long, value_enum, default_value_t = LevelSolver::Auto)]
    pub solver: LevelSolver,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LevelFormat {
    /// One line per move, for people
    Human,
    /// JSON for scripts (schema_version 1)
    Json,
    /// GitHub tables
    Markdown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LevelSolver {
    /// Exact where a part of the problem is small enough, the fallback elsewhere
    Auto,
    /// Exact everywhere, however long it takes
    Exact,
    /// The fallback everywhere
    Fast,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
    /// Exit 1 on warnings too
    #[arg(long)]
    pub deny_warnings: bool,
    /// Exit 0 whatever is found (2 still means pm could not check)
    #[arg(long)]
    pub exit_zero: bool,
    /// Print what a rule checks and how to fix its findings, by code or name (PM201,
    /// over-allocation); without RULE, list every rule
    #[arg(long, value_name = "RULE", num_args = 0..=1, default_missing_value = "", add = ArgValueCandidates::new(complete::rules))]
    pub explain: Option<String>,
    /// Show only the findings that Git revision REV does not have (a branch, tag or commit,
    /// e.g. origin/main); the exit status counts only those
    #[arg(long, value_name = "REV", conflicts_with = "explain")]
    pub base: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Readable blocks in rustc style, with the source lines
    Human,
    /// JSON for scripts (schema_version 1)
    Json,
    /// GitHub Actions workflow commands (annotations on a pull request)
    Github,
    /// SARIF 2.1.0, for code-scanning upload
    Sarif,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The revision before the change (a branch, tag or commit) [default: HEAD]
    #[arg(value_name = "BASE")]
    pub base: Option<String>,
    /// The revision after the change [default: the work tree as it is]
    #[arg(value_name = "HEAD")]
    pub head: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    pub format: DiffFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// Sections of plain lines, for people
    Human,
    /// For a pull-request comment or $GITHUB_STEP_SUMMARY
    Markdown,
    /// JSON for scripts (schema_version 1)
    Json,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// What to report
    #[arg(value_enum)]
    pub kind: ReportKind,
    /// Output format [default: table; dashboard: html] (mermaid: gantt, dependencies; svg:
    /// allocation; html: dashboard)
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,
    /// First day reported (allocation, gantt), YYYY-MM-DD [default: the program start]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub from: Option<NaiveDate>,
    /// Last day reported (allocation, gantt), YYYY-MM-DD [default: the program end]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub to: Option<NaiveDate>,
    /// Column period of the allocation report [default: month]
    #[arg(long, value_enum)]
    pub by: Option<ReportPeriod>,
    /// Count proposed assignments in the allocation report, not only committed ones
    #[arg(long)]
    pub include_proposed: bool,
    #[command(flatten)]
    pub output: OutputArgs,
    /// Dashboard: link each finding to URL/FILE#LLINE (a repository browser at one commit)
    #[arg(long, value_name = "URL")]
    pub source_url: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportKind {
    /// People x periods: the highest daily load % in each period
    Allocation,
    /// Each project's charter, progress, effort, staffing and findings
    Projects,
    /// The pool: load today, projects now, skills, free from
    People,
    /// Deliverables and exclusions with their work, and the out-of-charter work
    Scope,
    /// Open staffing requests with their best candidates
    Requests,
    /// Dated deliverables and work per project (`--format mermaid` draws it)
    Gantt,
    /// What each project waits for from another, and whether it comes in time
    /// (`--format mermaid` draws it)
    Dependencies,
    /// One self-contained HTML page: summary, findings, load heat map, timeline, projects, people
    Dashboard,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// A table fitted to the terminal
    Table,
    /// RFC 4180 CSV with a header row; formulas guarded
    Csv,
    /// JSON for scripts (schema_version 1)
    Json,
    /// The JSON document as YAML, quoted for YAML 1.1 and 1.2 readers
    Yaml,
    /// A GitHub table (gantt: the Mermaid chart in a fence)
    Markdown,
    /// The Mermaid diagram itself: gantt chart or dependencies flowchart
    Mermaid,
    /// A standalone SVG heat map of people x periods (allocation only)
    Svg,
    /// One self-contained HTML file, no script and no network (dashboard only)
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportPeriod {
    /// ISO weeks, Monday to Sunday
    Week,
    /// Calendar months
    Month,
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Microsoft Project XML (MSPDI), which MS Project and ProjectLibre open
    Mspdi(ExportArgs),
    /// An iCalendar file: deliverable due dates, charter windows and time off as all-day events
    Ical(ExportArgs),
    /// A report as CSV, the same as `pm report KIND --format csv`
    Csv(ExportCsvArgs),
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Only this project, and the people it involves
    #[arg(long, add = ArgValueCandidates::new(complete::projects))]
    pub project: Option<String>,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct ExportCsvArgs {
    /// Which report
    #[arg(value_enum)]
    pub kind: ReportKind,
    /// First day reported (allocation, gantt), YYYY-MM-DD [default: the program start]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub from: Option<NaiveDate>,
    /// Last day reported (allocation, gantt), YYYY-MM-DD [default: the program end]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub to: Option<NaiveDate>,
    /// Column period of the allocation report [default: month]
    #[arg(long, value_enum)]
    pub by: Option<ReportPeriod>,
    /// Count proposed assignments in the allocation report, not only committed ones
    #[arg(long)]
    pub include_proposed: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Default, Args)]
pub struct OutputArgs {
    /// Write to FILE (atomically) instead of printing
    #[arg(short = 'o', long, value_name = "FILE", add = ArgValueCompleter::new(PathCompleter::file()))]
    pub output: Option<PathBuf>,
    /// With --output: write even inside the program folder, where Git would pick the file up
    #[arg(long, requires = "output")]
    pub force: bool,
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Add or update people of the pool from a CSV file (columns id, name, capacity, skills,
    /// start, end)
    People(ImportPeopleArgs),
    /// Create a project from a Microsoft Project XML (MSPDI) plan
    Mspdi(ImportMspdiArgs),
}

#[derive(Debug, Args)]
pub struct ImportPeopleArgs {
    /// The CSV file; its first line names the columns
    #[arg(value_name = "FILE.csv", add = ArgValueCompleter::new(PathCompleter::file()))]
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct ImportMspdiArgs {
    /// The plan, as MS Project or ProjectLibre save it in XML
    #[arg(value_name = "FILE.xml", add = ArgValueCompleter::new(PathCompleter::file()))]
    pub file: PathBuf,
    /// The id of the new project (also its file name)
    #[arg(long)]
    pub project: String,
    /// Match resources to pool ids through this CSV file (columns resource,person)
    #[arg(long, value_name = "FILE.csv", add = ArgValueCompleter::new(PathCompleter::file()))]
    pub map: Option<PathBuf>,
    /// The top-level task to import (its name or pm id), when the plan holds several projects
    #[arg(long, value_name = "TASK")]
    pub task: Option<String>,
}

#[derive(Debug, Args)]
pub struct LspArgs {
    /// Talk over stdin and stdout (the only transport; accepted because many editors pass it)
    #[arg(long)]
    pub stdio: bool,
}
