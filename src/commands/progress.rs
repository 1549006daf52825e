//! A progress indicator on standard error for work that may take a while (import, export, diff
//! of a large programme): it appears only after a second, only when standard error is a
//! terminal, and is gone when the work is done. Commands call [`during`] with one line.

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

/// Runs `work`, showing `message` with a spinner and the elapsed time on standard error when it
/// takes longer than a second and standard error is a terminal.
pub fn during<T>(console: &Console<'_>, message: &str, work: impl FnOnce() -> T) -> T {
    let progress = Progress::start(
        console.err_is_terminal,
        message,
        delay(),
        ProgressDrawTarget::stderr,
    );
    let result = work();
    progress.finish();
    result
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
    use std::io;
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
        fn push(&self, s: &str) -> io::Result<()> {
            if let Ok(mut text) = self.0.lock() {
                text.push_str(s);
            }
            Ok(())
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
            self.push(&format!("{s}\n"))
        }
        fn write_str(&self, s: &str) -> io::Result<()> {
            self.push(s)
        }
        fn clear_line(&self) -> io::Result<()> {
            self.push("<clear>")
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
    fn during_passes_the_work_result_through() {
        let mut out = Vec::new();
        let mut err = Vec::new();
        let console = Console {
            out: &mut out,
            err: &mut err,
            out_is_terminal: false,
            err_is_terminal: false,
        };
        assert_eq!(during(&console, "adding", || 2 + 2), 4);
    }
}
