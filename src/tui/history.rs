//! `G`: the selected activity's history, read from the folder and the repository (no network):
//! its chain across the years through the follow-up links, and the commits that changed it this
//! year, with who, when and which fields.

use std::collections::HashMap;
use std::path::PathBuf;

use super::editor::Editor;
use crate::app::{Action, ActivityHistory};
use crate::model::diff::Presence;
use crate::model::{Activity, Programme, parse_follow_up};
use crate::session::years::programmes_in;
use crate::store::history::{self, Change};
use crate::text::{drawn, glyph, printable};

/// The programmes of the folder by year, read when first needed: the one on screen and the
/// years open in the session as they are in memory, the others from disk.
struct Years<'a> {
    editor: &'a Editor,
    files: Vec<(i32, PathBuf)>,
    read: HashMap<i32, Option<Programme>>,
}

impl Years<'_> {
    fn get(&mut self, year: i32) -> Option<&Programme> {
        if year == self.editor.app.programme.year {
            return Some(&self.editor.app.programme);
        }
        if !self.read.contains_key(&year) {
            let path = self.files.iter().find(|(y, _)| *y == year).map(|(_, p)| p);
            let programme = path.and_then(|path| {
                match self.editor.years.parked().find(|app| &app.path == path) {
                    Some(open) => Some(open.programme.clone()),
                    None => crate::store::load(path).ok().map(|(_, p)| p.programme),
                }
            });
            self.read.insert(year, programme);
        }
        self.read.get(&year).and_then(Option::as_ref)
    }
}

/// One year of the chain: `2021  ● done       Title  (dates)`; for a screen reader words
/// alone: `2021: done. Title. No dates.`, and `This programme.` on the year on screen.
fn chain_line(out: &mut Vec<String>, year: i32, activity: &Activity, here: bool, spoken: bool) {
    let dates = match activity.date_range() {
        range if range.is_empty() => "no dates".to_string(),
        range => range,
    };
    if spoken {
        let here = if here { " This programme." } else { "" };
        out.push(format!(
            "{year}: {}. {}. Dates: {}.{here}",
            activity.status.as_str(),
            printable(&activity.title),
            drawn(&dates),
        ));
        return;
    }
    let arrow = if here { glyph('▶') } else { ' ' };
    out.push(format!(
        "{arrow} {year}  {} {:<10} {}  ({})",
        activity.status.symbol(),
        activity.status.as_str(),
        printable(&activity.title),
        drawn(&dates),
    ));
}

impl Editor {
    /// The history of the activity `id` of the programme on screen.
    pub(super) fn read_history(&self, id: &str) -> Action {
        let app = &self.app;
        let Some(activity) = app
            .programme
            .find(id)
            .and_then(|c| app.programme.activity(c))
        else {
            return Action::Notice(format!("No activity {id} here."));
        };
        let folder = match app.path.parent() {
            Some(folder) if !folder.as_os_str().is_empty() => folder.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let mut years = Years {
            editor: self,
            files: programmes_in(&folder),
            read: HashMap::new(),
        };
        let mut lines = vec!["Across the years (follow-up links)".to_string()];
        // Back through what each year follows up, then on through what follows it up.
        let mut earlier = Vec::new();
        let mut link = activity.follow_up_of.clone();
        while let Some((year, old_id)) = link.as_deref().and_then(parse_follow_up) {
            if earlier.len() > years.files.len() {
                break;
            }
            let Some(old) = years
                .get(year)
                .and_then(|p| p.find(old_id).and_then(|c| p.activity(c)).cloned())
            else {
                earlier.push(format!("  {year}  {old_id}: not found"));
                break;
            };
            let mut line = Vec::new();
            chain_line(&mut line, year, &old, false, self.screen_reader);
            earlier.extend(line);
            link.clone_from(&old.follow_up_of);
        }
        lines.extend(earlier.into_iter().rev());
        chain_line(
            &mut lines,
            app.programme.year,
            activity,
            true,
            self.screen_reader,
        );
        let later: Vec<i32> = years
            .files
            .iter()
            .map(|(y, _)| *y)
            .filter(|y| *y > app.programme.year)
            .collect();
        let (mut year, mut id) = (app.programme.year, activity.id.clone());
        for next in later {
            let reference = format!("{year}/{id}");
            let follower = years.get(next).and_then(|p| {
                p.activities()
                    .find(|(_, a)| a.follow_up_of.as_deref() == Some(reference.as_str()))
                    .map(|(_, a)| a.clone())
            });
            let Some(follower) = follower else {
                break;
            };
            chain_line(&mut lines, next, &follower, false, self.screen_reader);
            (year, id) = (next, follower.id.clone());
        }
        lines.push(String::new());
        let name = app.path.display();
        lines.push(format!("This year in git ({name}), newest first"));
        lines.extend(git_lines(&app.path, &activity.id));
        if app.is_dirty() {
            lines.push("  (and unsaved changes in this session)".to_string());
        }
        Action::HistoryRead(Box::new(ActivityHistory {
            title: format!("History of {}", crate::text::printable(&activity.title)),
            lines,
        }))
    }
}

/// The commits that changed the activity: date, author, message and the fields they changed.
fn git_lines(path: &std::path::Path, id: &str) -> Vec<String> {
    let commits = match history::commits(path, None) {
        Ok(commits) => commits,
        Err(e) => return vec![format!("  no history: {e}")],
    };
    let changes = match history::changes(path, &commits, Some(id)) {
        Ok(changes) => changes,
        Err(e) => return vec![format!("  no history: {e}")],
    };
    let mut lines = Vec::new();
    for (commit, change) in commits.iter().zip(changes) {
        let Some(change) = change else {
            continue;
        };
        let what = match change {
            Change::Created(_) => "created with the file".to_string(),
            Change::Deleted => "the file was deleted".to_string(),
            Change::LayoutOnly => "layout only".to_string(),
            Change::Unreadable(side, why) => format!("the file {side} is no programme: {why}"),
            Change::Changed(diff) => {
                let mut what = String::new();
                for activity in diff.clusters.iter().flat_map(|c| &c.activities) {
                    match activity.presence {
                        Presence::Added => what.push_str("added"),
                        Presence::Removed => what.push_str("removed"),
                        Presence::Both => {
                            let mut fields: Vec<&str> =
                                activity.fields.iter().map(|f| f.field.as_str()).collect();
                            if activity.moved.is_some() {
                                fields.push("place");
                            }
                            what.push_str(&fields.join(", "));
                        }
                    }
                }
                what
            }
        };
        let subject = commit.message.lines().next().unwrap_or_default();
        lines.push(format!(
            "  {}  {}  {subject}: {what}",
            commit.date, commit.author
        ));
    }
    if lines.is_empty() {
        lines.push("  no commit changed it".to_string());
    }
    lines
}
