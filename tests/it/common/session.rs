//! An editor on a temporary copy of a programme, drawn into a `TestBackend` after every key, so
//! scenario tests see the screen a user would.

use std::path::PathBuf;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use wpmatrix::app::Mode;
use wpmatrix::model::{Activity, Cell};
use wpmatrix::tui::Editor;

pub struct Session {
    /// The temporary folders the session keeps: the programme's (none for a file that lives
    /// elsewhere) and the state folder's.
    _folders: (Option<tempfile::TempDir>, tempfile::TempDir),
    state: wpmatrix::session::StateDir,
    pub path: PathBuf,
    pub editor: Editor,
    pub terminal: Terminal<TestBackend>,
}

impl Session {
    /// An editor on `text` in a `width` x `height` terminal, today set to `today` (fixed, so
    /// snapshots do not depend on the clock).
    pub fn new(text: &str, width: u16, height: u16, today: Option<chrono::NaiveDate>) -> Session {
        let place = super::Place::with_text(text);
        let path = place.path.clone();
        let mut editor = place.open();
        editor.app.today = today;
        let mut s = Session {
            _folders: (Some(place.dir), place.state_home),
            state: place.state,
            path,
            editor,
            terminal: Terminal::new(TestBackend::new(width, height)).unwrap(),
        };
        s.draw();
        s
    }

    /// An editor on a file that lives elsewhere (a scratch repository), its recovery files and
    /// locks in a state folder of the session's own.
    pub fn open(path: &std::path::Path, width: u16, height: u16) -> Session {
        let state_home = tempfile::tempdir().unwrap();
        let state = wpmatrix::session::StateDir::at(state_home.path().join("wpmatrix")).unwrap();
        let editor = Editor::open_in(
            path,
            wpmatrix::tui::keymap::Keymap::default(),
            state.clone(),
        )
        .unwrap();
        let mut s = Session {
            _folders: (None, state_home),
            state,
            path: path.to_path_buf(),
            editor,
            terminal: Terminal::new(TestBackend::new(width, height)).unwrap(),
        };
        s.draw();
        s
    }

    /// The shipped 2022 programme at a size, no today.
    pub fn of_2022(width: u16, height: u16) -> Session {
        Session::new(&super::programme_text(), width, height, None)
    }

    pub fn draw(&mut self) {
        let editor = &mut self.editor;
        self.terminal.draw(|f| editor.draw(f)).unwrap();
    }

    /// Types keys, drawing after each.
    pub fn keys(&mut self, keys: &str) -> &mut Self {
        for key in wpmatrix::tui::keys::parse_keys(keys).unwrap() {
            self.editor.handle_key(key.event());
            self.draw();
        }
        self
    }

    /// The screen as text, the temporary folder's name made stable for snapshots.
    pub fn screen(&self) -> String {
        let folder = self.path.parent().unwrap().display().to_string();
        let screen = self.terminal.backend().to_string();
        // Every name replaced below starts with the folder's first 8 characters: a screen
        // without them is left as it is, without a pass over it for every length.
        if !screen.contains(folder.get(..8).unwrap_or(&folder)) {
            return screen;
        }
        let mut out = screen.replace(&folder, "[TMP]");
        for cut in (8..folder.len()).rev() {
            out = out.replace(&folder[..cut], &format!("{:<cut$}", "[TMP]"));
        }
        out
    }

    /// The screen's lines without the quotes `TestBackend` puts around them.
    pub fn lines(&self) -> Vec<String> {
        self.screen()
            .lines()
            .map(|l| l.trim_matches('"').to_string())
            .collect()
    }

    /// The status bar (the second line from the bottom) and the message line below it.
    pub fn status(&self) -> String {
        let lines = self.lines();
        lines[lines.len().saturating_sub(2)..].join("\n")
    }

    /// The state folder the editor keeps recovery files and locks in.
    pub fn state(&self) -> &wpmatrix::session::StateDir {
        &self.state
    }

    /// The programme file as it is on disk now.
    pub fn on_disk(&self) -> String {
        std::fs::read_to_string(&self.path).unwrap()
    }

    pub fn selected(&self) -> Cell {
        self.editor.app.selected
    }

    /// The first activity of the first cluster.
    pub fn first(&self) -> &Activity {
        &self.editor.app.programme.clusters[0].activities[0]
    }

    /// The text in the open box.
    pub fn box_text(&self) -> String {
        let textarea = self.editor.textarea.as_ref().expect("a text box is open");
        textarea.lines().join("\n")
    }

    pub fn mode(&self) -> &Mode {
        &self.editor.app.mode
    }
}
