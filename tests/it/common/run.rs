//! Programs the tests start and wait for, each within a deadline: a run that hangs (a broken
//! wpmatrix, git waiting on a driver that hangs, a shell running either) is killed with every
//! process it started, and its test fails saying so, instead of holding CI until its own limit.
//! The pseudo-terminal guard (`pty`) has deadlines of its own.

use std::io::Read;
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long one run may take: far more than any takes on a loaded machine.
pub const RUN_LIMIT: Duration = Duration::from_secs(120);

/// `program` through `assert_cmd`, killed if it runs past `limit`, with an empty standard input
/// unless the test gives it one (`assert_cmd`'s deadline would otherwise leave the pipe open,
/// and a program that reads it would wait).
pub fn assert_cmd_within(
    program: impl AsRef<std::ffi::OsStr>,
    limit: Duration,
) -> assert_cmd::Command {
    let mut command = assert_cmd::Command::new(program);
    command.timeout(limit).write_stdin(Vec::new());
    command
}

/// `command.output()` within [`RUN_LIMIT`]: standard input empty, output and errors captured.
pub fn output(command: &mut Command) -> Output {
    output_within(command, RUN_LIMIT)
}

fn output_within(command: &mut Command, limit: Duration) -> Output {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    as_set_within(command, limit)
}

/// `command` within [`RUN_LIMIT`], its standard streams where the test put them (inherited
/// where it did not, as with `status()`), and what it wrote to the pipes it was given.
pub fn output_as_set(command: &mut Command) -> Output {
    as_set_within(command, RUN_LIMIT)
}

fn as_set_within(command: &mut Command, limit: Duration) -> Output {
    let child = command
        .spawn()
        .unwrap_or_else(|e| panic!("{command:?} does not start: {e}"));
    finish_within(child, command, limit)
}

/// `command.status()` within [`RUN_LIMIT`].
pub fn status(command: &mut Command) -> ExitStatus {
    output_as_set(command).status
}

/// Waits for `child`, started from `command`, within `limit`, reading what it writes to the
/// pipes it was given; past the limit it is killed with every process it started, and the test
/// fails naming the command.
fn finish_within(mut child: Child, command: &Command, limit: Duration) -> Output {
    let started = Instant::now();
    let (sender, received) = mpsc::channel();
    let mut readers = 0;
    for (stream, pipe) in [
        (
            0,
            child
                .stdout
                .take()
                .map(|p| Box::new(p) as Box<dyn Read + Send>),
        ),
        (
            1,
            child
                .stderr
                .take()
                .map(|p| Box::new(p) as Box<dyn Read + Send>),
        ),
    ] {
        if let Some(mut pipe) = pipe {
            readers += 1;
            let sender = sender.clone();
            std::thread::spawn(move || {
                let mut bytes = Vec::new();
                let _ = pipe.read_to_end(&mut bytes);
                let _ = sender.send((stream, bytes));
            });
        }
    }
    drop(child.stdin.take());
    let past = |what: &str| -> ! {
        panic!("{command:?} {what} {limit:?} and was killed, with what it started")
    };
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for a child") {
            break status;
        }
        if started.elapsed() > limit {
            kill_tree(&mut child);
            past("ran past");
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    // A process it started may hold its output open after it ended.
    let mut streams = [Vec::new(), Vec::new()];
    for _ in 0..readers {
        let left = limit.saturating_sub(started.elapsed());
        let Ok((stream, bytes)) = received.recv_timeout(left) else {
            kill_tree(&mut child);
            past("ended, but what it started held its output past");
        };
        streams[stream] = bytes;
    }
    let [stdout, stderr] = streams;
    Output {
        status,
        stdout,
        stderr,
    }
}

/// Kills `child` and every process below it. Each is found before any is killed, so none is
/// lost to being handed to init when its parent dies.
fn kill_tree(child: &mut Child) {
    kill_descendants(child.id());
    let _ = child.kill();
    let _ = child.wait();
}

/// Kills every process below `root` (on Linux, where /proc lists them; elsewhere none).
pub fn kill_descendants(root: u32) {
    #[cfg(target_os = "linux")]
    for pid in descendants(root) {
        if let Some(pid) = rustix::process::Pid::from_raw(pid.cast_signed()) {
            let _ = rustix::process::kill_process(pid, rustix::process::Signal::KILL);
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = root;
}

/// The processes below `root`, read from /proc: each process's parent is the fourth field of
/// its `stat`, after the name in parentheses (which may hold spaces and parentheses itself).
#[cfg(target_os = "linux")]
fn descendants(root: u32) -> Vec<u32> {
    let parents: Vec<(u32, u32)> = std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(entry.path().join("stat")).ok()?;
            let after_name = &stat[stat.rfind(')')? + 1..];
            let parent = after_name.split_whitespace().nth(1)?.parse().ok()?;
            Some((pid, parent))
        })
        .collect();
    let mut found = Vec::new();
    let mut frontier = vec![root];
    while let Some(parent) = frontier.pop() {
        for &(pid, of) in &parents {
            if of == parent && !found.contains(&pid) {
                found.push(pid);
                frontier.push(pid);
            }
        }
    }
    found
}

#[cfg(target_os = "linux")]
#[test]
fn a_run_past_its_limit_is_killed_with_what_it_started() {
    let dir = tempfile::tempdir().unwrap();
    let pid_file = dir.path().join("grandchild");
    let started = Instant::now();
    let mut shell = Command::new("sh");
    // A shell that waits on a process of its own, as `sh -c 'wpmatrix …'` or git running a
    // driver would if the driver hung.
    shell.arg("-c").arg(format!(
        "sleep 30 & echo $! > '{}'; wait",
        pid_file.display()
    ));
    let failed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        output_within(&mut shell, Duration::from_secs(1))
    }))
    .expect_err("the run past its limit fails the test");
    let message = failed
        .downcast_ref::<String>()
        .map_or("", String::as_str)
        .to_string();
    assert!(message.contains("ran past 1s and was killed"), "{message}");
    assert!(started.elapsed() < Duration::from_secs(20));
    let grandchild: i32 = std::fs::read_to_string(&pid_file)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    // Killed, and reaped by init (or whoever adopts orphans here) soon after.
    let pid = rustix::process::Pid::from_raw(grandchild).unwrap();
    let gone = Instant::now();
    while rustix::process::test_kill_process(pid).is_ok()
        && !std::fs::read_to_string(format!("/proc/{grandchild}/stat"))
            .is_ok_and(|stat| stat.contains(") Z "))
    {
        assert!(
            gone.elapsed() < Duration::from_secs(10),
            "the shell's own process outlived the shell"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn a_run_within_its_limit_reads_empty_input_and_gives_its_output() {
    // `cat` ends at once on the empty input, well within a limit it would reach if it waited.
    let started = Instant::now();
    let cat = output_within(&mut Command::new("cat"), Duration::from_secs(10));
    assert!(cat.status.success() && cat.stdout.is_empty(), "{cat:?}");
    assert!(started.elapsed() < Duration::from_secs(5));
    let echoed = output(Command::new("sh").args(["-c", "echo out; echo err >&2; exit 3"]));
    assert_eq!(
        (echoed.status.code(), &echoed.stdout[..], &echoed.stderr[..]),
        (Some(3), &b"out\n"[..], &b"err\n"[..])
    );
    // The same through assert_cmd: killed past its limit, empty input, or the test's own.
    let slept = assert_cmd_within("sleep", Duration::from_millis(200))
        .arg("30")
        .output()
        .unwrap();
    assert!(!slept.status.success(), "{slept:?}");
    let cat = assert_cmd_within("cat", Duration::from_secs(10))
        .output()
        .unwrap();
    assert!(cat.status.success() && cat.stdout.is_empty(), "{cat:?}");
    assert_cmd_within("cat", Duration::from_secs(10))
        .write_stdin("typed")
        .assert()
        .success()
        .stdout("typed");
}
