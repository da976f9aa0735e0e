//! Shell completion in the real shells: bash, zsh and fish load the script `pm completions
//! SHELL` prints, and completing `pm project show ` offers the program's project ids. bash is
//! driven through its completion function, called as bash calls it; fish through its own
//! `complete -C`; zsh, whose completion runs only inside its line editor, by pressing TAB in
//! a terminal (tmux). Each test skips, saying what to install, when its shell is missing.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::*;

const PROJECTS: [&str; 4] = ["comms-relay", "ground-systems", "lander", "spacesuits"];

fn artemis() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/artemis")
}

/// PATH with the folder of the pm under test first, so the scripts' `pm` is this one.
fn path_with_pm() -> String {
    let bin = Path::new(env!("CARGO_BIN_EXE_pm"))
        .parent()
        .expect("the binary's folder")
        .display()
        .to_string();
    format!("{bin}:{}", std::env::var("PATH").unwrap_or_default())
}

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// Completes `line` (up to its end) in bash in `dir`, as bash does on TAB: the function that
/// `complete -p pm` names is called with the words, the index of the current one and the
/// three arguments bash passes; returns COMPREPLY.
fn bash_complete(bash: &Path, dir: &Path, line: &str) -> Vec<String> {
    let script = format!(
        r#"
source <(pm completions bash) || exit 3
line={line}
read -r -a COMP_WORDS <<< "$line"
[[ "$line" == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))
COMP_LINE="$line"
COMP_POINT=${{#line}}
COMP_TYPE=9
fn=$(complete -p pm | sed -E 's/.* -F ([^ ]+) .*/\1/')
"$fn" pm "${{COMP_WORDS[COMP_CWORD]}}" "${{COMP_WORDS[COMP_CWORD-1]}}"
printf '%s\n' "${{COMPREPLY[@]}}"
"#,
        line = quote(line)
    );
    let out = Command::new(bash)
        .current_dir(dir)
        .env("PATH", path_with_pm())
        .env_remove("PM_PROGRAM")
        .args(["--norc", "--noprofile", "-c", &script])
        .output()
        .expect("run bash");
    assert!(out.status.success(), "bash: {}", stderr(&out));
    stdout(&out).lines().map(str::to_owned).collect()
}

#[test]
fn bash_completes_ids_rule_codes_and_folders() {
    let Some(bash) = outside_tool("bash", "apt-get install bash") else {
        return;
    };
    let program = artemis();
    let dash_c = format!("pm -C {} ", program.display());
    let offered = bash_complete(&bash, Path::new("/"), &format!("{dash_c}project show "));
    for id in PROJECTS {
        assert!(offered.iter().any(|o| o == id), "{id} in {offered:?}");
    }
    // The program found by walking up from a folder inside it; a prefix narrows the list.
    let inside = program.join("projects/infrastructure");
    assert_eq!(
        bash_complete(&bash, &inside, "pm project show la"),
        ["lander"]
    );
    assert_eq!(
        bash_complete(&bash, &inside, "pm work move lander/relay-s"),
        ["lander/relay-site-survey"]
    );
    assert_eq!(
        bash_complete(&bash, &inside, "pm request fill comms"),
        ["comms-relay/rf-engineer"]
    );
    let people = bash_complete(&bash, &inside, "pm assign pr");
    assert_eq!(people, ["priya"]);
    let explain = bash_complete(&bash, Path::new("/"), "pm check --explain PM20");
    assert_eq!(
        explain,
        [
            "PM201", "PM202", "PM203", "PM204", "PM205", "PM206", "PM207"
        ]
    );
    // -C offers folders, not files.
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let folders = bash_complete(&bash, repo, "pm -C examples/artemis/");
    assert!(
        folders.iter().any(|f| f == "examples/artemis/projects/"),
        "{folders:?}"
    );
    assert!(
        !folders
            .iter()
            .any(|f| f.ends_with(".toml") || f.ends_with(".md")),
        "{folders:?}"
    );
}

#[test]
fn fish_completes_project_ids_with_their_names() {
    let Some(fish) = outside_tool("fish", "apt-get install fish") else {
        return;
    };
    let script = format!(
        "pm completions fish | source; complete -C{}",
        quote(&format!("pm -C {} project show ", artemis().display()))
    );
    let out = Command::new(fish)
        .env("PATH", path_with_pm())
        .env_remove("PM_PROGRAM")
        .args(["--no-config", "-c", &script])
        .output()
        .expect("run fish");
    assert!(out.status.success(), "fish: {}", stderr(&out));
    let text = stdout(&out);
    for (id, name) in PROJECTS.iter().zip([
        "Lunar Communications Relay",
        "Exploration Ground Systems",
        "Lunar Lander",
        "Surface EVA Spacesuits",
    ]) {
        assert!(
            text.lines().any(|l| l == format!("{id}\t{name}")),
            "{id} in {text}"
        );
    }
    // Report kinds are words, not files.
    let out = Command::new(outside_tool("fish", "").expect("fish"))
        .env("PATH", path_with_pm())
        .args([
            "--no-config",
            "-c",
            "pm completions fish | source; complete -C'pm report '",
        ])
        .output()
        .expect("run fish");
    let kinds: Vec<String> = stdout(&out)
        .lines()
        .map(|l| l.split('\t').next().unwrap_or_default().to_owned())
        .filter(|k| !k.starts_with('-'))
        .collect();
    assert_eq!(
        kinds,
        [
            "allocation",
            "projects",
            "people",
            "scope",
            "requests",
            "gantt",
            "dependencies",
            "dashboard"
        ]
    );
}

/// A terminal in tmux, on its own server, removed when dropped.
struct Tmux {
    tmux: PathBuf,
    socket: String,
}

impl Tmux {
    fn start(tmux: PathBuf, command: &str) -> Tmux {
        let socket = format!("pm-test-{}", std::process::id());
        let t = Tmux { tmux, socket };
        let ok = t
            .run(&[
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-x",
                "200",
                "-y",
                "50",
                command,
            ])
            .status
            .success();
        assert!(ok, "tmux could not start {command}");
        t
    }

    fn run(&self, args: &[&str]) -> std::process::Output {
        Command::new(&self.tmux)
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .expect("run tmux")
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "0"];
        args.extend(keys);
        assert!(self.run(&args).status.success());
    }

    fn screen(&self) -> String {
        stdout(&self.run(&["capture-pane", "-p", "-t", "0"]))
    }

    /// The screen once `done` holds for it; the last screen if it never does within a minute
    /// (a slow machine is not a failure; the caller's assertion then shows what was there).
    fn wait_for(&self, done: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let screen = self.screen();
            if done(&screen) || Instant::now() > deadline {
                return screen;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

#[test]
fn zsh_completes_project_ids_on_tab() {
    let Some(zsh) = outside_tool("zsh", "apt-get install zsh") else {
        return;
    };
    let Some(tmux) = outside_tool("tmux", "apt-get install tmux") else {
        return;
    };
    let home = empty_dir();
    let command = format!(
        "env -i HOME={} TERM=xterm PATH={} {} -f",
        quote(&home.path().display().to_string()),
        quote(&path_with_pm()),
        quote(&zsh.display().to_string())
    );
    let term = Tmux::start(tmux, &command);
    term.keys(&[
        &format!(
            "PS1='ready> '; cd ~ && autoload -Uz compinit && compinit -u && source <(pm completions zsh) && export PM_PROGRAM={} && echo loaded",
            quote(&artemis().display().to_string())
        ),
        "Enter",
    ]);
    let screen = term.wait_for(|s| s.lines().any(|l| l == "loaded"));
    assert!(screen.lines().any(|l| l == "loaded"), "{screen}");
    // The shell is in an empty folder: what it offers can only come from PM_PROGRAM's program.
    term.keys(&["pm project show ", "Tab"]);
    let screen = term.wait_for(|s| PROJECTS.iter().all(|id| s.contains(id)));
    for id in PROJECTS {
        assert!(screen.contains(id), "{id} not offered:\n{screen}");
    }
}
