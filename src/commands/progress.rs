//! A progress indicator on standard error for work that may take a while (import, export, diff
//! of a large programme): it appears only after a second, only when standard error is a
//! terminal, and is gone as soon as the command writes anything or ends. Commands call
//! [`watch`] with two lines.

use std::cell::RefCell;
use std::io::{self, Write};
use std::rc::Rc;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::Console;

/// How long work runs before the indicator appears: quick commands stay quiet.
const DELAY: Duration = Duration::from_secs(1);

/// Overrides [`DELAY`] in milliseconds, so that tests can see the indicator without slow work.
const DELAY_VARIABLE: &str = "WPMATRIX_PROGRESS_AFTER_MS";

fn delay() -> Duration {
    std::env::var(DELAY_VARIABLE)
        .ok()
        .and_then(|ms| ms.parse().ok())
        .map_or(DELAY, Duration::from_millis)
}

/// Watches a command: on a terminal, once it has run a second, `message` shows on standard
/// error with a spinner and the elapsed time, until the command first writes (to either stream)
/// or ends. The command goes on with [`Watched::console`] in place of its own:
///
/// ```text
/// let mut progress = progress::watch(console, "comparing");
/// let console = &mut progress.console();
/// ```
pub fn watch<'a>(console: &'a mut Console<'_>, message: &str) -> Watched<'a> {
    let progress = Progress::start(
        console.err_is_terminal,
        message,
        delay(),
        ProgressDrawTarget::stderr,
    );
    let progress = Rc::new(RefCell::new(Some(progress)));
    Watched {
        out: Hiding {
            inner: &mut *console.out,
            progress: Rc::clone(&progress),
        },
        err: Hiding {
            inner: &mut *console.err,
            progress,
        },
        out_is_terminal: console.out_is_terminal,
        err_is_terminal: console.err_is_terminal,
        out_width: console.out_width,
    }
}

/// A command's console with a progress indicator that gives way to the command's own output.
pub struct Watched<'a> {
    out: Hiding<'a>,
    err: Hiding<'a>,
    out_is_terminal: bool,
    err_is_terminal: bool,
    out_width: Option<u16>,
}

impl Watched<'_> {
    /// The console the command writes to from now on.
    pub fn console(&mut self) -> Console<'_> {
        Console {
            out: &mut self.out,
            err: &mut self.err,
            out_is_terminal: self.out_is_terminal,
            err_is_terminal: self.err_is_terminal,
            out_width: self.out_width,
        }
    }
}

/// A stream that takes the indicator off the screen before the first thing written to it, so
/// that the two never mix on a terminal.
struct Hiding<'a> {
    inner: &'a mut dyn Write,
    progress: Rc<RefCell<Option<Progress>>>,
}

impl Hiding<'_> {
    fn hide(&self) {
        if let Some(progress) = self.progress.borrow_mut().take() {
            progress.finish();
        }
    }
}

impl Write for Hiding<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.hide();
        self.inner.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Draws the indicator from now on, ticking by itself.
fn show(bar: &ProgressBar, target: ProgressDrawTarget) {
    bar.set_draw_target(target);
    // Drawn now: once the steady tick runs, `tick` leaves the first draw to its thread.
    bar.tick();
    bar.enable_steady_tick(Duration::from_millis(100));
}

/// A running indicator; [`Progress::finish`] (or dropping it) takes it off the screen.
pub struct Progress {
    bar: ProgressBar,
    stop: Option<mpsc::Sender<()>>,
    waiter: Option<thread::JoinHandle<()>>,
}

impl Progress {
    /// Starts the clock. On a terminal, after `delay` the indicator is drawn to the target
    /// `draw` makes; elsewhere nothing is ever drawn.
    pub fn start(
        terminal: bool,
        message: &str,
        delay: Duration,
        draw: impl FnOnce() -> ProgressDrawTarget + Send + 'static,
    ) -> Self {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
            bar.set_style(style);
        }
        bar.set_message(message.to_string());
        if !terminal {
            return Progress {
                bar,
                stop: None,
                waiter: None,
            };
        }
        if delay.is_zero() {
            show(&bar, draw());
            return Progress {
                bar,
                stop: None,
                waiter: None,
            };
        }
        let (stop, stopped) = mpsc::channel::<()>();
        let shown = bar.clone();
        let waiter = thread::spawn(move || {
            // Anything but a timeout means the work is done (or its owner gone): stay hidden.
            if let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(delay) {
                show(&shown, draw());
            }
        });
        Progress {
            bar,
            stop: Some(stop),
            waiter: Some(waiter),
        }
    }

    /// Whether the indicator is being drawn.
    pub fn is_shown(&self) -> bool {
        !self.bar.is_hidden()
    }

    /// Takes the indicator off the screen.
    pub fn finish(mut self) {
        self.end();
    }

    fn end(&mut self) {
        // Dropping the sender wakes the waiter at once if the delay has not passed.
        self.stop.take();
        if let Some(waiter) = self.waiter.take() {
            let _ = waiter.join();
        }
        self.bar.finish_and_clear();
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.end();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use indicatif::TermLike;

    use super::*;

    /// A terminal in memory: what the indicator writes to it.
    #[derive(Clone, Debug, Default)]
    struct Screen(Arc<Mutex<String>>);

    impl Screen {
        fn text(&self) -> String {
            self.0.lock().map(|s| s.clone()).unwrap_or_default()
        }
        fn push(&self, s: &str) {
            if let Ok(mut text) = self.0.lock() {
                text.push_str(s);
            }
        }
    }

    impl TermLike for Screen {
        fn width(&self) -> u16 {
            80
        }
        fn move_cursor_up(&self, _: usize) -> io::Result<()> {
            Ok(())
        }
        fn move_cursor_down(&self, _: usize) -> io::Result<()> {
            Ok(())
        }
        fn move_cursor_right(&self, _: usize) -> io::Result<()> {
            Ok(())
        }
        fn move_cursor_left(&self, _: usize) -> io::Result<()> {
            Ok(())
        }
        fn write_line(&self, s: &str) -> io::Result<()> {
            self.push(&format!("{s}\n"));
            Ok(())
        }
        fn write_str(&self, s: &str) -> io::Result<()> {
            self.push(s);
            Ok(())
        }
        fn clear_line(&self) -> io::Result<()> {
            self.push("<clear>");
            Ok(())
        }
        fn flush(&self) -> io::Result<()> {
            Ok(())
        }
    }

    fn started(terminal: bool, delay: Duration, screen: &Screen) -> Progress {
        let target = screen.clone();
        Progress::start(terminal, "importing big.csv", delay, move || {
            ProgressDrawTarget::term_like(Box::new(target))
        })
    }

    fn wait_until(mut done: impl FnMut() -> bool) -> bool {
        for _ in 0..200 {
            if done() {
                return true;
            }
            thread::sleep(Duration::from_millis(10));
        }
        false
    }

    #[test]
    fn on_a_terminal_long_work_shows_the_indicator_and_clears_it() {
        let screen = Screen::default();
        let progress = started(true, Duration::from_millis(20), &screen);
        assert!(wait_until(|| progress.is_shown()), "drawn after the delay");
        assert!(wait_until(|| screen.text().contains("importing big.csv")));
        progress.finish();
        assert!(screen.text().ends_with("<clear>"), "{}", screen.text());
    }

    #[test]
    fn off_a_terminal_nothing_is_ever_drawn() {
        let screen = Screen::default();
        let progress = started(false, Duration::ZERO, &screen);
        thread::sleep(Duration::from_millis(50));
        assert!(!progress.is_shown());
        progress.finish();
        assert_eq!(screen.text(), "");
    }

    #[test]
    fn quick_work_finishes_before_the_indicator_appears() {
        let screen = Screen::default();
        let progress = started(true, Duration::from_secs(60), &screen);
        assert!(!progress.is_shown());
        progress.finish(); // returns at once, not after the delay
        assert_eq!(screen.text(), "");
    }

    #[test]
    fn the_watched_console_passes_writes_through() {
        let mut out = Vec::new();
        let mut err = Vec::new();
        let mut console = Console {
            out: &mut out,
            err: &mut err,
            out_is_terminal: false,
            err_is_terminal: true,
            out_width: None,
        };
        {
            let mut progress = watch(&mut console, "comparing");
            let watched = progress.console();
            assert!(watched.err_is_terminal && !watched.out_is_terminal);
            watched.out.write_all(b"result\n").expect("write");
            watched.err.write_all(b"note\n").expect("write");
            assert!(
                progress.out.progress.borrow().is_none(),
                "gone at the first write"
            );
        }
        assert_eq!(
            (out.as_slice(), err.as_slice()),
            (&b"result\n"[..], &b"note\n"[..])
        );
    }
}
