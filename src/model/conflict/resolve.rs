//! Resolving a conflict by choosing a side: in an activity's notes or a cluster's summary, and
//! across the programme for moves and removals.

use super::{
    ConflictField, ConflictValue, Place, Presence, Side, activity_conflicts, append_line,
    cluster_conflicts, conflicts_in, programme_conflicts,
};
use crate::model::{Activity, Cell, Cluster, Field, FieldKind, FieldValue, Programme};

/// Why a conflict could not be resolved.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ResolveError {
    #[error("there is no conflict number {0}")]
    NoSuchConflict(usize),
    #[error("a {0} conflict is resolved on the whole programme, not on one activity")]
    NeedsProgramme(ConflictField),
    #[error("cluster {0:?} is no longer in the programme")]
    NoSuchCluster(String),
    #[error("a {0} conflict does not belong here")]
    Misplaced(ConflictField),
    #[error("another activity has the id {0:?} already")]
    IdTaken(String),
}

/// Resolves the `index`th conflict of an activity's notes by choosing a side for its field,
/// and takes exactly that line out of the notes. Moves and removals need the whole programme:
/// see [`resolve_in`].
pub fn resolve(activity: &mut Activity, index: usize, side: Side) -> Result<(), ResolveError> {
    let note = activity_conflicts(activity)
        .into_iter()
        .nth(index)
        .ok_or(ResolveError::NoSuchConflict(index))?;
    let chosen = note.side(side).clone();
    // Ours is what the field holds already; notes are rebuilt around the line below.
    if side == Side::Theirs && note.field != ConflictField::Field(Field::Notes) {
        set_field(activity, note.field, chosen.clone())?;
    }
    activity.notes = remove_line(&activity.notes, note.line);
    if note.field == ConflictField::Field(Field::Notes)
        && side == Side::Theirs
        && let (Some(ours), Some(theirs)) = (text_of(&note.ours), text_of(&chosen))
    {
        activity.notes = replace_body(&activity.notes, &ours, theirs);
    }
    Ok(())
}

fn set_field(
    activity: &mut Activity,
    field: ConflictField,
    value: ConflictValue,
) -> Result<(), ResolveError> {
    match (field, value) {
        (ConflictField::Field(f), ConflictValue::Value(v)) if f != Field::Id => activity
            .set(f, v)
            .map_err(|_| ResolveError::Misplaced(field)),
        (
            ConflictField::Cluster
            | ConflictField::Activity
            | ConflictField::Place
            | ConflictField::Row
            | ConflictField::Field(Field::Id),
            _,
        ) => Err(ResolveError::NeedsProgramme(field)),
        (field, _) => Err(ResolveError::Misplaced(field)),
    }
}

/// The text of a text value.
fn text_of(value: &ConflictValue) -> Option<String> {
    match value {
        ConflictValue::Value(FieldValue::Text(text)) => Some(text.clone()),
        _ => None,
    }
}

/// Resolves the `index`th conflict of the programme's notes (its title, year or adoption date,
/// or its notes) by choosing a side, and takes exactly that line out.
pub fn resolve_programme(
    programme: &mut Programme,
    index: usize,
    side: Side,
) -> Result<(), ResolveError> {
    let note = programme_conflicts(programme)
        .into_iter()
        .nth(index)
        .ok_or(ResolveError::NoSuchConflict(index))?;
    let notes = remove_line(&programme.notes, note.line);
    match (note.field, side, &note.ours, &note.theirs) {
        (_, Side::Ours, ..) => programme.notes = notes,
        (ConflictField::Field(Field::Notes), _, ours, theirs) => {
            let (Some(ours), Some(theirs)) = (text_of(ours), text_of(theirs)) else {
                return Err(ResolveError::Misplaced(note.field));
            };
            programme.notes = replace_body(&notes, &ours, theirs);
        }
        (ConflictField::Field(field), _, _, ConflictValue::Value(value)) => {
            // A conflict line names a field as files do; the programme's `themes` are its
            // declarations, read again as such.
            let (field, value) = match (field, value) {
                (Field::Themes, FieldValue::List(_)) => (
                    Field::ThemeDecls,
                    FieldKind::ThemeDecls
                        .from_plain(&value.plain())
                        .map_err(|_| ResolveError::Misplaced(note.field))?,
                ),
                (field, value) => (field, value.clone()),
            };
            let mut changed = programme.clone();
            changed
                .set(field, value)
                .map_err(|_| ResolveError::Misplaced(note.field))?;
            changed.notes = notes;
            *programme = changed;
        }
        (field, ..) => return Err(ResolveError::Misplaced(field)),
    }
    Ok(())
}

/// Resolves the `index`th conflict of the activity at `cell`, moves and removals included:
/// choosing the side that moved an activity moves it there (a cluster alone: to its end),
/// choosing the side that removed it removes it. Answers where the activity is afterwards
/// (`None` once removed).
#[expect(
    clippy::match_same_arms,
    reason = "each field's own arms, kept together"
)]
pub fn resolve_in(
    programme: &mut Programme,
    cell: Cell,
    index: usize,
    side: Side,
) -> Result<Option<Cell>, ResolveError> {
    let activity = programme
        .activity(cell)
        .ok_or(ResolveError::NoSuchConflict(index))?;
    let note = activity_conflicts(activity)
        .into_iter()
        .nth(index)
        .ok_or(ResolveError::NoSuchConflict(index))?;
    let take_line = |programme: &mut Programme, at: Cell| {
        if let Some(a) = programme.activity_mut(at) {
            a.notes = remove_line(&a.notes, note.line);
        }
    };
    match (note.field, note.side(side)) {
        (ConflictField::Activity, ConflictValue::Presence(Presence::Removed)) => {
            programme.clusters[cell.cluster]
                .activities
                .remove(cell.activity);
            Ok(None)
        }
        (ConflictField::Activity, _) => {
            take_line(programme, cell);
            Ok(Some(cell))
        }
        (ConflictField::Cluster, ConflictValue::Value(FieldValue::Text(id)))
            if side == Side::Theirs =>
        {
            let to = programme
                .clusters
                .iter()
                .position(|c| &c.id == id)
                .ok_or_else(|| ResolveError::NoSuchCluster(id.clone()))?;
            take_line(programme, cell);
            if to == cell.cluster {
                return Ok(Some(cell));
            }
            let moved = programme.clusters[cell.cluster]
                .activities
                .remove(cell.activity);
            programme.clusters[to].activities.push(moved);
            Ok(Some(Cell::new(
                to,
                programme.clusters[to].activities.len() - 1,
            )))
        }
        (ConflictField::Field(Field::Id), ConflictValue::Value(FieldValue::Text(id)))
            if side == Side::Theirs =>
        {
            if programme.activities().any(|(_, a)| &a.id == id) {
                return Err(ResolveError::IdTaken(id.clone()));
            }
            let id = id.clone();
            take_line(programme, cell);
            if let Some(a) = programme.activity_mut(cell) {
                a.id = id;
            }
            Ok(Some(cell))
        }
        (ConflictField::Place, ConflictValue::Place(place)) if side == Side::Theirs => {
            let place = place.clone();
            move_to(programme, cell, &place, |p, at| take_line(p, at))
        }
        (ConflictField::Cluster | ConflictField::Place, _) => {
            take_line(programme, cell);
            Ok(Some(cell))
        }
        _ => {
            if let Some(a) = programme.activity_mut(cell) {
                resolve(a, index, side)?;
            }
            Ok(Some(cell))
        }
    }
}

/// Moves the activity at `cell` to `place`: right after the activity it names when that is in
/// the cluster, else first (no activity named) or last (the one named is gone).
fn move_to(
    programme: &mut Programme,
    cell: Cell,
    place: &Place,
    take_line: impl FnOnce(&mut Programme, Cell),
) -> Result<Option<Cell>, ResolveError> {
    let to = programme
        .clusters
        .iter()
        .position(|c| c.id == place.cluster)
        .ok_or_else(|| ResolveError::NoSuchCluster(place.cluster.clone()))?;
    take_line(programme, cell);
    let moved = programme.clusters[cell.cluster]
        .activities
        .remove(cell.activity);
    let target = &mut programme.clusters[to].activities;
    let at = match &place.after {
        None => 0,
        Some(after) => target
            .iter()
            .position(|a| &a.id == after)
            .map_or(target.len(), |i| i + 1),
    };
    target.insert(at, moved);
    Ok(Some(Cell::new(to, at)))
}

/// Resolves the `index`th conflict of a cluster's summary for its name or summary. A removal
/// against a change (`cluster`) is only taken out here: see [`resolve_cluster_in`].
pub fn resolve_cluster(
    cluster: &mut Cluster,
    index: usize,
    side: Side,
) -> Result<(), ResolveError> {
    let note = cluster_conflicts(cluster)
        .into_iter()
        .nth(index)
        .ok_or(ResolveError::NoSuchConflict(index))?;
    let summary = remove_line(&cluster.summary, note.line);
    match (note.field, side, note.ours, note.theirs) {
        (_, Side::Ours, ..) | (ConflictField::Cluster, ..) => cluster.summary = summary,
        (ConflictField::Row, ..) => return Err(ResolveError::NeedsProgramme(note.field)),
        (ConflictField::Field(Field::Name), _, _, ConflictValue::Value(FieldValue::Text(name))) => {
            cluster.name = name;
            cluster.summary = summary;
        }
        (ConflictField::Field(Field::Summary), _, ours, theirs) => {
            let (Some(ours), Some(theirs)) = (text_of(&ours), text_of(&theirs)) else {
                return Err(ResolveError::Misplaced(note.field));
            };
            cluster.summary = replace_body(&summary, &ours, theirs);
        }
        (field, ..) => return Err(ResolveError::Misplaced(field)),
    }
    Ok(())
}

/// Resolves the `index`th conflict of the cluster at `cluster`, removals and rows included:
/// choosing the side that removed the cluster removes it with its activities, choosing the
/// side that moved it moves it there (after the cluster named, last when that one is gone).
/// Answers where the cluster is afterwards (`None` once removed).
pub fn resolve_cluster_in(
    programme: &mut Programme,
    cluster: usize,
    index: usize,
    side: Side,
) -> Result<Option<usize>, ResolveError> {
    let kept = programme
        .clusters
        .get_mut(cluster)
        .ok_or(ResolveError::NoSuchConflict(index))?;
    let note = cluster_conflicts(kept)
        .into_iter()
        .nth(index)
        .ok_or(ResolveError::NoSuchConflict(index))?;
    if note.field == ConflictField::Cluster
        && *note.side(side) == ConflictValue::Presence(Presence::Removed)
    {
        programme.clusters.remove(cluster);
        return Ok(None);
    }
    if let (ConflictField::Row, Side::Theirs, ConflictValue::Row(after)) =
        (note.field, side, &note.theirs)
    {
        kept.summary = remove_line(&kept.summary, note.line);
        let moved = programme.clusters.remove(cluster);
        let at = match after {
            None => 0,
            Some(after) => programme
                .clusters
                .iter()
                .position(|c| &c.id == after)
                .map_or(programme.clusters.len(), |i| i + 1),
        };
        programme.clusters.insert(at, moved);
        return Ok(Some(at));
    }
    resolve_cluster(kept, index, side)?;
    Ok(Some(cluster))
}

/// The text without its `index`th line and the line break that joined it to the others: the
/// exact inverse of the merge appending the line.
pub fn remove_line(text: &str, index: usize) -> String {
    let mut lines: Vec<&str> = text.split('\n').collect();
    if index < lines.len() {
        lines.remove(index);
    }
    lines.join("\n")
}

/// Notes (or a summary) that held `ours` followed by conflict lines, with `theirs` in place of
/// `ours`. When the text no longer starts with `ours` (edited since the merge), `theirs`
/// replaces everything but the remaining conflict lines.
fn replace_body(text: &str, ours: &str, theirs: String) -> String {
    let rest = match text.strip_prefix(ours) {
        Some(rest) if ours.is_empty() => rest.to_string(),
        Some("") => String::new(),
        Some(rest) if rest.starts_with('\n') => rest[1..].to_string(),
        _ => conflicts_in(text)
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n"),
    };
    let mut out = theirs;
    if !rest.is_empty() {
        append_line(&mut out, &rest);
    }
    out
}
