//! However a test hangs (a loop in the library under an in-process test, a wait nothing else
//! bounds), the run ends: past its limit, every process the tests started is killed and the run
//! fails, saying so. Each program a test waits for has its own, shorter limit (`run`), and so
//! has each wait on a pseudo-terminal (`pty`).

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// The whole run's limit: the tests take well under a minute on two cores, so ten minutes is
/// only ever reached by a test that hangs. `WPMATRIX_TEST_RUN_LIMIT_SECS` sets another (`0`:
/// none, to sit in a debugger).
pub const WHOLE_RUN_LIMIT: Duration = Duration::from_secs(10 * 60);

/// Set (to a file's path) by [`a_run_that_hangs_is_ended_with_what_it_started`] for the run it
/// starts: that run starts a program, writes its process id to the file, and hangs before any
/// test, as a test that hangs would.
pub const HANG_ON_PURPOSE: &str = "WPMATRIX_TEST_HANG_ON_PURPOSE";

/// The run's limit, if it has one: [`WHOLE_RUN_LIMIT`] or `WPMATRIX_TEST_RUN_LIMIT_SECS`, with
/// the time a longer random fuzz run asks for (`BOLERO_RANDOM_TEST_TIME_MS`, the README's
/// "Fuzzing") on top. None for cargo-bolero's own fuzzing runs, which its `-T` bounds.
fn limit() -> Option<Duration> {
    if std::env::var_os("BOLERO_TEST_NAME").is_some() {
        return None;
    }
    // A whole number in an environment variable, as a duration of `unit`s.
    let read = |name: &str, unit: Duration| {
        let count = std::env::var(name).ok()?.trim().parse::<u32>().ok()?;
        Some(unit * count)
    };
    let limit = match read("WPMATRIX_TEST_RUN_LIMIT_SECS", Duration::from_secs(1)) {
        Some(Duration::ZERO) => return None,
        Some(limit) => limit,
        None => WHOLE_RUN_LIMIT,
    };
    let fuzzing = read("BOLERO_RANDOM_TEST_TIME_MS", Duration::from_millis(1));
    Some(limit + fuzzing.unwrap_or_default())
}

/// Whether the watchdog has ended the run: from then on, the process ends failing however it
/// ends. Killing what the tests started can unblock the test that hung, and the run could then
/// reach its normal end, with success, before the watchdog's own exit.
static FIRED: AtomicBool = AtomicBool::new(false);

/// Run by `exit`, whichever thread calls it.
extern "C" fn fail_once_fired() {
    if FIRED.load(Ordering::SeqCst) {
        // SAFETY: `_exit` ends the process at once; nothing after it runs.
        unsafe { libc::_exit(101) }
    }
}

/// Starts the watchdog thread, then hangs if [`HANG_ON_PURPOSE`] asks.
pub fn start() {
    if let Some(limit) = limit() {
        // SAFETY: registers a function that reads an atomic and may end the process.
        let registered = unsafe { libc::atexit(fail_once_fired) };
        assert_eq!(registered, 0, "the watchdog's exit check is registered");
        std::thread::Builder::new()
            .name("watchdog".into())
            .spawn(move || {
                std::thread::sleep(limit);
                FIRED.store(true, Ordering::SeqCst);
                eprintln!(
                    "\nwpmatrix tests: the run has taken {limit:?}, so a test hangs (above, libtest \
                     names each test that has run for over 60 seconds); every program the tests \
                     started is killed and the run fails. WPMATRIX_TEST_RUN_LIMIT_SECS sets \
                     another limit (0: none)."
                );
                super::run::kill_descendants(std::process::id());
                std::process::exit(101);
            })
            .expect("the watchdog thread starts");
    }
    if let Some(pid_file) = std::env::var_os(HANG_ON_PURPOSE) {
        let mut started = std::process::Command::new("sleep")
            .arg("600")
            .spawn()
            .expect("sleep starts");
        std::fs::write(pid_file, started.id().to_string()).expect("the process id is written");
        // Waits, as a test waiting on a program that hangs would, until the watchdog ends it.
        let _ = started.wait();
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_run_that_hangs_is_ended_with_what_it_started() {
    let dir = tempfile::tempdir().unwrap();
    let pid_file = dir.path().join("started");
    let started = std::time::Instant::now();
    let run = super::run::output(
        std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "no such test"])
            .env("WPMATRIX_TEST_RUN_LIMIT_SECS", "1")
            .env(HANG_ON_PURPOSE, &pid_file),
    );
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(101), "{stderr}");
    assert!(
        stderr.contains("the run has taken 1s, so a test hangs"),
        "{stderr}"
    );
    assert!(started.elapsed() < Duration::from_secs(60));
    // What it started was killed with it (and is soon reaped by whoever adopts orphans here).
    let pid: i32 = std::fs::read_to_string(&pid_file).unwrap().parse().unwrap();
    let pid = rustix::process::Pid::from_raw(pid).unwrap();
    let killed = std::time::Instant::now();
    while rustix::process::test_kill_process(pid).is_ok()
        && !std::fs::read_to_string(format!("/proc/{}/stat", pid.as_raw_nonzero()))
            .is_ok_and(|stat| stat.contains(") Z "))
    {
        assert!(
            killed.elapsed() < Duration::from_secs(10),
            "a program the hanging run started outlived it"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}
