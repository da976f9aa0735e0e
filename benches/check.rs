//! Benchmarks of the stages of `pm check` on a generated program of size M (500 projects,
//! 250 people, 25k assignments, 50k work items), or on the program in `PM_BENCH_PROGRAM`:
//!
//!     cargo bench --bench check
//!     PM_BENCH_PROGRAM=target/bench/L cargo bench --bench check
//!
//! `bench/run.sh` times whole commands against the parse floor; these isolate the stages.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use divan::Bencher;
use pm::load::sweep::{Interval, load_profile, over_runs};
use pm::model::AssignmentStatus;
use pm::store::Loaded;

#[allow(dead_code)]
#[path = "../examples/gen_program.rs"]
mod gen_program;

/// The program under test: `PM_BENCH_PROGRAM`, or size M generated once into a temporary folder.
struct Program {
    root: PathBuf,
    _temp: Option<tempfile::TempDir>,
}

static PROGRAM: LazyLock<Program> = LazyLock::new(|| {
    if let Some(root) = std::env::var_os("PM_BENCH_PROGRAM") {
        let root = std::fs::canonicalize(&root)
            .unwrap_or_else(|e| panic!("PM_BENCH_PROGRAM={}: {e}", root.display()));
        return Program { root, _temp: None };
    }
    let temp = tempfile::tempdir().expect("temporary folder");
    gen_program::generate(&gen_program::Size::M, temp.path()).expect("generate size M");
    Program {
        root: temp.path().to_path_buf(),
        _temp: Some(temp),
    }
});

static LOADED: LazyLock<Loaded> = LazyLock::new(|| load(&PROGRAM.root));

fn load(root: &Path) -> Loaded {
    pm::store::load(root).expect("the benchmark program loads")
}

fn main() {
    divan::main();
}

/// Reading and decoding every file (in parallel), the first half of `pm check`.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn load_program(bencher: Bencher) {
    let root = &PROGRAM.root;
    bencher.bench(|| load(root));
}

/// Every rule over a loaded program, the second half of `pm check`.
#[divan::bench(sample_count = 20, sample_size = 1)]
fn check_rules(bencher: Bencher) {
    let loaded = &*LOADED;
    bencher.bench(|| pm::check::check(loaded));
}

/// The over-allocation sweep for every person over their committed assignments: the core of
/// PM201, measured on its own so that its cost stays linear in the number of assignments.
#[divan::bench(sample_count = 20, sample_size = 1)]
fn over_allocation_sweep(bencher: Bencher) {
    let loaded = &*LOADED;
    bencher.bench(|| {
        let mut by_person: HashMap<&str, Vec<Interval>> = HashMap::new();
        for p in &loaded.projects {
            for a in &p.assignments {
                if a.status != AssignmentStatus::Committed {
                    continue;
                }
                if let Some((from, to)) = a.window(&p.charter) {
                    by_person
                        .entry(a.person.as_str())
                        .or_default()
                        .push(Interval {
                            from,
                            to,
                            allocation: u32::try_from(a.allocation.value).unwrap_or(0),
                        });
                }
            }
        }
        let mut runs = 0;
        for person in loaded.program.iter().flat_map(|p| &p.people) {
            let intervals = by_person.get(person.id.as_str()).map_or(&[][..], |v| v);
            let off: Vec<_> = person.time_off.iter().map(|o| (o.from, o.to)).collect();
            let profile = load_profile(intervals, &off);
            runs += over_runs(&profile, u32::try_from(person.capacity.value).unwrap_or(0)).len();
        }
        runs
    });
}

/// What every edit command reads before it changes anything: the lock, program.toml and one
/// project file (found by name among the file names, parsed twice: for the edit and to
/// validate). It must not grow with the number of projects' contents.
#[divan::bench(sample_count = 20, sample_size = 1)]
fn edit_open(bencher: Bencher) {
    let loaded = &*LOADED;
    let project = loaded
        .projects
        .iter()
        .find(|p| loaded.sources.path(p.file).matches('/').count() > 1)
        .or(loaded.projects.first())
        .expect("the program has a project");
    let id = project.id.value.clone();
    let ctx = pm::commands::Ctx {
        program: Some(PROGRAM.root.clone()),
        cwd: PROGRAM.root.clone(),
        color: false,
        today: chrono::NaiveDate::from_ymd_opt(2026, 6, 15).expect("a date"),
    };
    bencher.bench(|| {
        let session = pm::commands::edit::Session::begin(&ctx).expect("lock");
        let program = session.program().expect("program.toml");
        let project = session.project(&id).expect("project");
        (program.1.people.len(), project.1.work.len())
    });
}
