//! A program in a real pseudo-terminal, owned by a guard: what it draws is read on a thread into
//! a terminal emulator, every wait has a deadline, and dropping the guard kills and reaps the
//! program, passing or failing, so no test leaves a `wpmatrix` behind or hangs past its limit.

use std::ffi::OsStr;
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

/// How long any wait may take: generous, so a slow CI machine passes, and bounded, so a broken
/// editor fails the test instead of hanging it.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// What to start, in a terminal of what size.
pub struct Spawn {
    cmd: CommandBuilder,
    cols: u16,
    rows: u16,
}

impl Spawn {
    /// The wpmatrix binary with `args`, in an 80x24 xterm, `VISUAL` and `EDITOR` unset.
    pub fn wpmatrix<S: AsRef<OsStr>>(args: &[S]) -> Spawn {
        Spawn::program(super::bin(), args)
    }

    /// Any program with `args`, in an 80x24 xterm.
    pub fn program<S: AsRef<OsStr>>(program: impl AsRef<OsStr>, args: &[S]) -> Spawn {
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.cwd(env!("CARGO_MANIFEST_DIR"));
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("VISUAL");
        cmd.env_remove("EDITOR");
        Spawn {
            cmd,
            cols: 80,
            rows: 24,
        }
    }

    pub fn size(mut self, cols: u16, rows: u16) -> Spawn {
        self.cols = cols;
        self.rows = rows;
        self
    }

    pub fn env(mut self, key: &str, value: impl AsRef<OsStr>) -> Spawn {
        self.cmd.env(key, value);
        self
    }

    pub fn cwd(mut self, dir: &Path) -> Spawn {
        self.cmd.cwd(dir);
        self
    }

    /// Configuration under `dir`, and the state folder (recovery files, locks) under `dir/state`.
    pub fn homes(self, dir: &Path) -> Spawn {
        self.env("XDG_CONFIG_HOME", dir)
            .env("XDG_STATE_HOME", dir.join("state"))
    }

    /// Starts it; the guard owns the program from here on.
    pub fn start(self) -> Pty {
        let size = PtySize {
            rows: self.rows,
            cols: self.cols,
            pixel_width: 0,
            pixel_height: 0,
        };
        let pair = native_pty_system()
            .openpty(size)
            .expect("a pseudo-terminal");
        let child = pair
            .slave
            .spawn_command(self.cmd)
            .expect("the program starts");
        drop(pair.slave);
        let writer = pair.master.take_writer().expect("the terminal's input");
        let rows = NonZeroU16::new(self.rows).expect("rows");
        let cols = NonZeroU16::new(self.cols).expect("columns");
        let shared = Arc::new(Shown {
            screen: Mutex::new(vt100::Parser::new(rows, cols, 0)),
            raw: Mutex::new(Vec::new()),
            ended: AtomicBool::new(false),
        });
        let hang_up = Arc::new(AtomicBool::new(false));
        let reading = {
            let shared = Arc::clone(&shared);
            let hang_up = Arc::clone(&hang_up);
            std::thread::spawn(move || read_terminal(pair.master, &shared, &hang_up))
        };
        Pty {
            shown: shared,
            writer: Some(writer),
            child,
            hang_up,
            reading: Some(reading),
        }
    }
}

/// What the terminal has received: as a screen, and as the bytes themselves.
struct Shown {
    screen: Mutex<vt100::Parser>,
    raw: Mutex<Vec<u8>>,
    ended: AtomicBool,
}

/// Reads the terminal's output until the program's side closes or the test hangs up; never
/// blocks for longer than a poll, so a hang-up closes every handle on the terminal's side.
fn read_terminal(master: Box<dyn MasterPty + Send>, shown: &Shown, hang_up: &AtomicBool) {
    let mut reader = master.try_clone_reader().expect("the terminal's output");
    let fd = master.as_raw_fd().expect("a unix pseudo-terminal");
    let mut buf = [0u8; 8192];
    while !hang_up.load(Ordering::SeqCst) {
        let mut poll = libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: `fd` is the master's, which this function owns until it returns; `poll` is
        // given one valid `pollfd`.
        let ready = unsafe { libc::poll(&raw mut poll, 1, 50) };
        if ready == 0
            || (ready < 0
                && std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted)
        {
            continue;
        }
        match reader.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                shown.raw.lock().expect("raw").extend_from_slice(&buf[..n]);
                shown.screen.lock().expect("screen").process(&buf[..n]);
            }
        }
    }
    shown.ended.store(true, Ordering::SeqCst);
    drop(reader);
    drop(master);
}

/// A running program in its terminal. Dropping it kills and reaps the program.
pub struct Pty {
    shown: Arc<Shown>,
    writer: Option<Box<dyn Write + Send>>,
    child: Box<dyn Child + Send + Sync>,
    hang_up: Arc<AtomicBool>,
    reading: Option<JoinHandle<()>>,
}

impl Pty {
    /// The screen as text.
    pub fn contents(&self) -> String {
        self.shown
            .screen
            .lock()
            .expect("screen")
            .screen()
            .contents()
    }

    /// Asks `question` of the screen as it is now.
    pub fn screen<T>(&self, question: impl FnOnce(&vt100::Screen) -> T) -> T {
        question(self.shown.screen.lock().expect("screen").screen())
    }

    /// Every byte the program wrote to the terminal so far, as text.
    pub fn output(&self) -> String {
        String::from_utf8_lossy(&self.shown.raw.lock().expect("raw")).into_owned()
    }

    /// Waits until the screen shows `text`; fails with the screen once the patience runs out.
    pub fn wait_for(&self, text: &str) {
        self.wait_until(&format!("the screen shows {text:?}"), |screen| {
            screen.contents().contains(text)
        });
    }

    /// Waits until `done` holds of the screen; fails with the screen once the patience runs out.
    pub fn wait_until(&self, what: &str, done: impl Fn(&vt100::Screen) -> bool) {
        let start = Instant::now();
        while start.elapsed() < PATIENCE {
            if self.screen(&done) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "waited until {what}; the screen shows:\n{}",
            self.contents()
        );
    }

    /// Waits until the raw output holds `text`, or the program's side of the terminal closed.
    pub fn wait_for_output(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let output = self.output();
            if output.contains(text) || self.shown.ended.load(Ordering::SeqCst) {
                return output;
            }
            assert!(
                start.elapsed() < PATIENCE,
                "waited for {text:?}; the terminal received:\n{output}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Types `bytes`.
    pub fn send(&mut self, bytes: &[u8]) {
        let writer = self.writer.as_mut().expect("the terminal is still there");
        writer.write_all(bytes).expect("typed");
        writer.flush().expect("typed");
    }

    /// The program's process id.
    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("a process id")
    }

    /// Whether the program is still running.
    pub fn running(&mut self) -> bool {
        self.child
            .try_wait()
            .expect("the program's state")
            .is_none()
    }

    /// Kills the program at once (SIGHUP, then SIGKILL).
    pub fn kill(&mut self) {
        self.child.kill().expect("killed");
    }

    /// Waits for the program to end; fails with the screen (and kills it) past the patience.
    pub fn wait_for_exit(&mut self) -> ExitStatus {
        let start = Instant::now();
        while start.elapsed() < PATIENCE {
            if let Some(status) = self.child.try_wait().expect("the program's state") {
                self.drain();
                return status;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "the program did not end; the screen shows:\n{}",
            self.contents()
        );
    }

    /// Lets the reading thread take in what the program wrote last, until the terminal's
    /// program side has closed (a child of the program may keep it open: then a second at most).
    fn drain(&self) {
        let start = Instant::now();
        while !self.shown.ended.load(Ordering::SeqCst) && start.elapsed() < Duration::from_secs(1) {
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// The terminal goes away (a window closed, ssh dropped): every handle on its side closes.
    pub fn hang_up(&mut self) {
        self.writer = None;
        self.hang_up.store(true, Ordering::SeqCst);
        if let Some(reading) = self.reading.take() {
            reading.join().expect("the reading thread");
        }
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
        self.writer = None;
        self.hang_up.store(true, Ordering::SeqCst);
        if let Some(reading) = self.reading.take() {
            let _ = reading.join();
        }
    }
}
