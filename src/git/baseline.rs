//! The baseline of each approved project (SPEC §10): the commit that gave `charter.approved` its
//! current value, found by walking the program folder's history back from a commit (following
//! the project file through renames), and the project as that commit holds it.
//!
//! One walk serves every project: each approved project follows its file back through the
//! commits that changed it, reading the version before each change and decoding it with the
//! same decoder as `pm check`, until the approval date differs; the walk stops as soon as every
//! project has its baseline. A file that is byte for byte the one a commit holds (compared by
//! Git blob id, computed here) is neither read from Git nor decoded again, so a large program
//! whose files mostly did not change since their approval costs one hash per file.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use super::history::{Blobs, Commit, Walk, blob_id};
use super::{GitError, Repo};
use crate::model::{FileId, Project};
use crate::store::{Loaded, decode_project};

/// What PM108 compares each approved project with.
#[derive(Debug, Default)]
pub struct Baselines {
    /// By project id; projects without `charter.approved` are not here.
    pub projects: BTreeMap<String, BaselineState>,
    /// Why no baseline could be looked for at all (not a Git repository, no git), when that is
    /// so and some project is approved.
    pub unavailable: Option<String>,
}

#[derive(Debug)]
pub enum BaselineState {
    Found(Box<Baseline>),
    /// The approval in the file is not committed yet: no commit records it.
    NotCommitted,
    /// The clone is shallow and does not hold the commit that approved the charter.
    Shallow,
}

/// The commit that approved a project's charter and the project as it was committed there.
#[derive(Debug)]
pub struct Baseline {
    pub commit: Commit,
    /// The file's path then, from the top of the repository (a later rename changes it).
    pub path: String,
    /// The project as committed; `None` when the file checked is byte for byte that version,
    /// so nothing can differ.
    pub project: Option<Project>,
}

/// An approved project being followed back through history.
struct Tracked {
    id: String,
    approved: NaiveDate,
    /// The blob id of the text being checked.
    current: String,
}

impl Baselines {
    /// The baselines of the program loaded from the work tree at `program` (from `HEAD`, its
    /// uncommitted changes compared too). Outside a Git work tree, or without git, every
    /// approved project is left unchecked, and the result says why.
    pub fn of_work_tree(program: &std::path::Path, loaded: &Loaded) -> Baselines {
        if !loaded.projects.iter().any(|p| p.charter.approved.is_some()) {
            return Baselines::default();
        }
        let unavailable = |why: String| Baselines {
            projects: BTreeMap::new(),
            unavailable: Some(why),
        };
        match Repo::discover(program) {
            Ok(Some(repo)) => repo.baselines("HEAD", loaded),
            Ok(None) => unavailable(
                "the program is not in a Git repository, so there is no approved charter to compare with"
                    .to_owned(),
            ),
            Err(GitError::NoGit(e)) => unavailable(format!(
                "cannot run git ({e}), which reads the approved charters from the history: install Git"
            )),
            Err(e) => unavailable(e.to_string()),
        }
    }
}

impl Repo {
    /// The baseline of every approved project of `loaded`, whose files are those of commit
    /// `start` (`HEAD` for the work tree, whose own uncommitted changes are then compared too).
    pub fn baselines(&self, start: &str, loaded: &Loaded) -> Baselines {
        let approved: Vec<Approved<'_>> = loaded
            .projects
            .iter()
            .filter(|p| p.charter.approved.is_some())
            .map(|p| {
                let file = loaded.sources.get(p.file);
                Approved {
                    project: p,
                    rel: &file.path,
                    text: &file.text,
                }
            })
            .collect();
        if approved.is_empty() {
            return Baselines::default();
        }
        match self.find_baselines(start, &approved) {
            Ok(projects) => Baselines {
                projects,
                unavailable: None,
            },
            Err(e) => Baselines {
                projects: BTreeMap::new(),
                unavailable: Some(e.to_string()),
            },
        }
    }

    fn find_baselines(
        &self,
        start: &str,
        approved: &[Approved<'_>],
    ) -> Result<BTreeMap<String, BaselineState>, GitError> {
        let mut out = BTreeMap::new();
        let Some(start) = self.commit_of(start)? else {
            // No commit yet: nothing is committed, approvals included.
            for a in approved {
                out.insert(a.project.id.value.clone(), BaselineState::NotCommitted);
            }
            return Ok(out);
        };
        let hashed = hash_all(approved);
        let at_start = self.blobs_at(&start)?;
        let mut blobs = Blobs::open(&self.program)?;
        let mut cache = Decoded::default();
        // The file each tracked project is at, as the walk goes back: repository path → index.
        let mut at: HashMap<String, usize> = HashMap::new();
        let mut tracked = Vec::new();
        for (a, current) in approved.iter().zip(hashed) {
            let id = a.project.id.value.clone();
            let Some(approved) = a.project.charter.approved.as_ref().map(|d| d.value) else {
                continue;
            };
            let path = format!("{}{}", self.prefix, a.rel);
            let committed = match at_start.get(&path) {
                None => false,
                Some(oid) if *oid == current => true,
                Some(oid) => cache.approved(&mut blobs, oid, &path)? == Some(approved),
            };
            if !committed {
                out.insert(id, BaselineState::NotCommitted);
                continue;
            }
            at.insert(path, tracked.len());
            tracked.push(Tracked {
                id,
                approved,
                current,
            });
        }
        let shallow = self.shallow_commits()?;
        let mut walk = Walk::start(&self.program, &start, ".")?;
        while !at.is_empty() {
            let Some((commit, changes)) = walk.next_commit()? else {
                break;
            };
            if shallow.contains(&commit.sha) {
                // Git shows the oldest commit of a shallow clone as if it added every file:
                // what came before is not here.
                break;
            }
            for change in changes {
                let Some(i) = at.remove(&change.path) else {
                    continue;
                };
                let t = &tracked[i];
                let Some(new) = change.new.clone() else {
                    // Deleted here, so not the file being followed: keep looking for it.
                    at.insert(change.path, i);
                    continue;
                };
                let before = match &change.old {
                    None => None,
                    Some(old) => cache.approved(&mut blobs, old, &change.from)?,
                };
                if before == Some(t.approved) {
                    at.insert(change.from.clone(), i);
                    continue;
                }
                let project = if new == t.current {
                    None
                } else {
                    cache.project(&mut blobs, &new, &change.path)?
                };
                out.insert(
                    t.id.clone(),
                    BaselineState::Found(Box::new(Baseline {
                        commit: commit.clone(),
                        path: change.path.clone(),
                        project,
                    })),
                );
            }
        }
        // Whatever the walk did not reach lies beyond the clone's oldest commit.
        for i in at.into_values() {
            out.insert(tracked[i].id.clone(), BaselineState::Shallow);
        }
        Ok(out)
    }

    /// The full id of the commit `rev` names, or `None` when it names none (a branch with no
    /// commit yet).
    fn commit_of(&self, rev: &str) -> Result<Option<String>, GitError> {
        match self.resolve(rev) {
            Ok(sha) => Ok(Some(sha)),
            Err(GitError::UnknownRevision { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// An approved project as loaded: its file relative to the program root, and that file's text.
struct Approved<'a> {
    project: &'a Project,
    rel: &'a str,
    text: &'a str,
}

/// The Git blob id of each text, computed on every core: the texts of a large program add up to
/// tens of megabytes.
fn hash_all(approved: &[Approved<'_>]) -> Vec<String> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, approved.len().max(1));
    let chunk = approved.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let parts: Vec<_> = approved
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|a| blob_id(a.text.as_bytes()))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        parts
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// Versions of project files read from Git and decoded, by blob id: a version is often both
/// the one after a change and the one before the next.
#[derive(Default)]
struct Decoded {
    projects: HashMap<String, Option<Project>>,
}

impl Decoded {
    fn project(
        &mut self,
        blobs: &mut Blobs,
        oid: &str,
        path: &str,
    ) -> Result<Option<Project>, GitError> {
        if let Some(p) = self.projects.get(oid) {
            return Ok(p.clone());
        }
        let bytes = blobs.read(oid)?;
        let text = String::from_utf8_lossy(&bytes);
        let stem = path
            .rsplit('/')
            .next()
            .and_then(|n| n.strip_suffix(".toml"))
            .unwrap_or_default();
        let project = decode_project(FileId(0), &text, stem).0;
        self.projects.insert(oid.to_owned(), project.clone());
        Ok(project)
    }

    /// The approval date of a version; `None` when it has none (or is not a project file pm
    /// can read).
    fn approved(
        &mut self,
        blobs: &mut Blobs,
        oid: &str,
        path: &str,
    ) -> Result<Option<NaiveDate>, GitError> {
        Ok(self
            .project(blobs, oid, path)?
            .and_then(|p| p.charter.approved.map(|d| d.value)))
    }
}
