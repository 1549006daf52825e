//! `wpmatrix recover --list` and `wpmatrix recover --delete PATH`: the editor's recovery files
//! in the state folder, which hold unsaved work and so are never deleted unasked.

use std::path::Path;

use super::{Console, Outcome, Unusable, write_out};
use crate::session::{StateDir, recovery};
use crate::text::{plural, terminal_safe};

/// Deletes the recovery file `delete` names, or lists them all.
pub fn run(delete: Option<&Path>, console: &mut Console<'_>) -> Result<Outcome, Unusable> {
    let state =
        StateDir::for_user().map_err(|e| Unusable(format!("no state folder to look in: {e}")))?;
    let shown = |path: &Path| terminal_safe(&path.display().to_string()).into_owned();
    if let Some(path) = delete {
        let deleted = recovery::delete(&state, path).map_err(|e| Unusable(e.to_string()))?;
        let of = recovery::programme_of(&deleted)
            .map(|programme| format!(" (unsaved changes to {})", shown(&programme)))
            .unwrap_or_default();
        write_out(console.out, &format!("deleted {}{of}\n", shown(&deleted)))?;
        return Ok(Outcome::Yes);
    }
    let (listed, removed) =
        recovery::list(&state).map_err(|e| Unusable::io("read", state.path(), &e))?;
    let mut out = String::new();
    for file in &listed {
        let programme = match &file.programme {
            Some(programme) if programme.exists() => format!("{} (exists)", shown(programme)),
            Some(programme) => format!("{} (gone)", shown(programme)),
            None => "a programme whose path is too long to name".to_string(),
        };
        let date = file.modified.map_or_else(
            || "no date".to_string(),
            |t| {
                chrono::DateTime::<chrono::Local>::from(t)
                    .format("%Y-%m-%d %H:%M")
                    .to_string()
            },
        );
        out.push_str(&format!(
            "{}\n    {programme}, {}, {date}\n",
            shown(&file.recovery),
            size(file.size)
        ));
    }
    if listed.is_empty() {
        out.push_str(&format!("no recovery files in {}\n", shown(state.path())));
    }
    if !removed.is_empty() {
        out.push_str(&format!(
            "removed {}: the same as {} on disk\n",
            plural(removed.len(), "recovery file"),
            if removed.len() == 1 {
                "its programme"
            } else {
                "their programmes"
            }
        ));
    }
    write_out(console.out, &out)?;
    Ok(Outcome::Yes)
}

/// A size in words a person reads at a glance.
fn size(bytes: u64) -> String {
    let value = bytes as f64;
    match bytes {
        0..1_000 => plural(usize::try_from(bytes).unwrap_or(usize::MAX), "byte"),
        1_000..1_000_000 => format!("{:.1} kB", value / 1e3),
        1_000_000..1_000_000_000 => format!("{:.1} MB", value / 1e6),
        _ => format!("{:.1} GB", value / 1e9),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_at_a_glance() {
        assert_eq!(size(1), "1 byte");
        assert_eq!(size(812), "812 bytes");
        assert_eq!(size(12_400), "12.4 kB");
        assert_eq!(size(52_000_000), "52.0 MB");
    }
}
