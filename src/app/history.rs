//! Undo and redo. An edit is a [`Transaction`] of operations, each of which says what it can
//! touch; each change keeps only that: the fields it set, the run of activities or clusters it
//! replaced, the clusters it changed, or the programme's own fields, so history grows with the
//! edits and not with the programme. History also notes what changed since the recovery file last heard
//! ([`History::take_changes`]), so that file grows by the edits alone.

use std::cell::OnceCell;

use crate::model::{
    Activity, Cell, Cluster, EditError, Field, FieldValue, Programme, Scope, Transaction,
};
use crate::session::journal::{Changes, Splice};

/// The file on disk as the editor knows it: its text as loaded or last saved, that text's
/// fingerprint (made once, when first needed), and the state of the programme it holds. A
/// reload or a merge replaces it; undoing one puts back the one it replaced, so that a save
/// after the undo sees the newer file on disk and asks again.
#[derive(Clone, Debug, Default)]
pub struct Disk {
    pub text: String,
    pub fingerprint: OnceCell<String>,
    pub saved_state: u64,
}

/// The programme's own fields, apart from its clusters.
#[derive(Clone, Debug)]
struct Header {
    year: i32,
    title: String,
    adopted: Option<chrono::NaiveDate>,
    stage: Option<crate::model::Stage>,
    notes: String,
}

impl Header {
    fn of(programme: &Programme) -> Header {
        Header {
            year: programme.year,
            title: programme.title.clone(),
            adopted: programme.adopted,
            stage: programme.stage,
            notes: programme.notes.clone(),
        }
    }

    fn swap(&mut self, programme: &mut Programme) {
        std::mem::swap(&mut self.year, &mut programme.year);
        std::mem::swap(&mut self.title, &mut programme.title);
        std::mem::swap(&mut self.adopted, &mut programme.adopted);
        std::mem::swap(&mut self.stage, &mut programme.stage);
        std::mem::swap(&mut self.notes, &mut programme.notes);
    }
}

/// The state a change replaced, ready to be swapped back.
#[derive(Clone, Debug)]
enum Saved {
    Clusters(Vec<(usize, Cluster)>),
    /// `activities` go back at `at` in cluster `cluster`, in place of the `replaced` there now;
    /// `length` is how many the cluster had when saved (read only when the change is made).
    Activities {
        cluster: usize,
        at: usize,
        activities: Vec<Activity>,
        replaced: usize,
        length: usize,
    },
    /// `clusters` go back at `at` in place of the `replaced` clusters there now.
    Splice {
        header: Header,
        at: usize,
        clusters: Vec<Cluster>,
        replaced: usize,
    },
    /// The whole programme, only until the change is made (then trimmed to a splice).
    Whole(Box<Programme>),
    /// Fields of activities the change set, each with the value it had before (or, once
    /// undone, after): a status set on an activity with a long description keeps a status,
    /// not the activity. `undone` says which way the values go back; `scope` what they touch.
    Fields {
        values: Vec<(Cell, Field, FieldValue)>,
        scope: Scope,
        undone: bool,
    },
}

impl Saved {
    /// Sets the fields in turn, keeping the value each replaced. When one cannot be set, those
    /// set before it are put back and the error says why.
    fn set_fields(
        programme: &mut Programme,
        fields: Vec<(Cell, Field, FieldValue)>,
        scope: Scope,
    ) -> Result<Saved, EditError> {
        let mut values = Vec::with_capacity(fields.len());
        let mut failed = None;
        for (cell, field, value) in fields {
            let set = match programme.activity_mut(cell) {
                Some(activity) => activity.replace(field, value).map_err(EditError::from),
                None => Err(EditError::NoActivity(cell)),
            };
            match set {
                Ok(old) => values.push((cell, field, old)),
                Err(e) => {
                    failed = Some(e);
                    break;
                }
            }
        }
        let mut saved = Saved::Fields {
            values,
            scope,
            undone: false,
        };
        match failed {
            None => Ok(saved),
            Some(e) => {
                saved.swap(programme);
                Err(e)
            }
        }
    }

    fn take(programme: &Programme, scope: &Scope) -> Saved {
        let clusters = &programme.clusters;
        match scope {
            Scope::Clusters(indices) => Saved::Clusters(
                indices
                    .iter()
                    .filter_map(|&i| Some((i, clusters.get(i)?.clone())))
                    .collect(),
            ),
            &Scope::Activities { cluster, run } => match clusters.get(cluster) {
                Some(c) => {
                    let at = run.at.min(c.activities.len());
                    let end = at.saturating_add(run.removed).min(c.activities.len());
                    Saved::Activities {
                        cluster,
                        at,
                        activities: c.activities[at..end].to_vec(),
                        replaced: end - at,
                        length: c.activities.len(),
                    }
                }
                None => Saved::Clusters(Vec::new()),
            },
            Scope::Header => Saved::Splice {
                header: Header::of(programme),
                at: 0,
                clusters: Vec::new(),
                replaced: 0,
            },
            &Scope::Splice(run) => {
                let at = run.at.min(clusters.len());
                let end = at.saturating_add(run.removed).min(clusters.len());
                Saved::Splice {
                    header: Header::of(programme),
                    at,
                    clusters: clusters[at..end].to_vec(),
                    // Until the change is made: the clusters it removes.
                    replaced: end - at,
                }
            }
            Scope::Whole => Saved::Whole(Box::new(programme.clone())),
        }
    }

    /// Once the change is made: a splice counts the clusters now in place of the saved ones,
    /// and a whole programme keeps only the run of clusters that differs.
    fn finish(self, programme: &Programme, length_before: usize) -> Saved {
        match self {
            Saved::Clusters(_) | Saved::Fields { .. } => self,
            Saved::Activities {
                cluster,
                at,
                activities,
                replaced,
                length,
            } => {
                let now = programme
                    .clusters
                    .get(cluster)
                    .map_or(0, |c| c.activities.len());
                let grown = now.cast_signed() - length.cast_signed();
                Saved::Activities {
                    cluster,
                    at,
                    activities,
                    replaced: replaced.saturating_add_signed(grown),
                    length: now,
                }
            }
            Saved::Splice {
                header,
                at,
                clusters,
                replaced,
            } => {
                let grown = programme.clusters.len().cast_signed() - length_before.cast_signed();
                Saved::Splice {
                    header,
                    at,
                    clusters,
                    replaced: replaced.saturating_add_signed(grown),
                }
            }
            Saved::Whole(old) => {
                let old = *old;
                let header = Header::of(&old);
                let mut old = old.clusters;
                let new = &programme.clusters;
                let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
                let most = old.len().min(new.len()) - prefix;
                let ends = old.iter().rev().zip(new.iter().rev());
                let suffix = ends.take(most).take_while(|(a, b)| a == b).count();
                old.truncate(old.len() - suffix);
                old.drain(..prefix);
                Saved::Splice {
                    header,
                    at: prefix,
                    replaced: new.len() - suffix - prefix,
                    clusters: old,
                }
            }
        }
    }

    /// Puts the saved state into the programme and keeps what it replaced instead; answers
    /// what changed in the programme.
    fn swap(&mut self, programme: &mut Programme) -> Changes {
        let mut changes = Changes::default();
        match self {
            Saved::Fields {
                values,
                scope,
                undone,
            } => {
                // Undone last first, so a field set twice ends as it began; redone in order.
                let swap = |entry: &mut (Cell, Field, FieldValue)| swap_field(programme, entry);
                if *undone {
                    values.iter_mut().for_each(swap);
                } else {
                    values.iter_mut().rev().for_each(swap);
                }
                *undone = !*undone;
                return changes_in(scope, programme);
            }
            Saved::Activities {
                cluster,
                at,
                activities,
                replaced,
                ..
            } => {
                let Some(current) = programme.clusters.get_mut(*cluster) else {
                    return changes;
                };
                let run = swap_run(&mut current.activities, at, activities, replaced);
                return Changes::of_activities(*cluster, run);
            }
            Saved::Clusters(clusters) => {
                for (i, cluster) in clusters {
                    if let Some(current) = programme.clusters.get_mut(*i) {
                        std::mem::swap(current, cluster);
                        changes.add(false, Some(Splice::one(*i)));
                    }
                }
            }
            Saved::Splice {
                header,
                at,
                clusters,
                replaced,
            } => {
                header.swap(programme);
                let splice = swap_run(&mut programme.clusters, at, clusters, replaced);
                changes.add(true, Some(splice));
            }
            Saved::Whole(whole) => {
                std::mem::swap(programme, whole);
                changes.add(
                    true,
                    Some(Splice::all(whole.clusters.len(), programme.clusters.len())),
                );
            }
        }
        changes
    }

    /// What the change this state was saved for did to the programme.
    fn changed(&self, programme: &Programme) -> Changes {
        let mut changes = Changes::default();
        match self {
            Saved::Fields { scope, .. } => return changes_in(scope, programme),
            Saved::Activities {
                cluster,
                at,
                activities,
                replaced,
                ..
            } => {
                let run = Splice {
                    at: *at,
                    removed: activities.len(),
                    inserted: *replaced,
                };
                return Changes::of_activities(*cluster, run);
            }
            Saved::Clusters(clusters) => {
                for (i, _) in clusters {
                    changes.add(false, Some(Splice::one(*i)));
                }
            }
            Saved::Splice {
                at,
                clusters,
                replaced,
                ..
            } => changes.add(
                true,
                Some(Splice {
                    at: *at,
                    removed: clusters.len(),
                    inserted: *replaced,
                }),
            ),
            Saved::Whole(whole) => changes.add(
                true,
                Some(Splice::all(whole.clusters.len(), programme.clusters.len())),
            ),
        }
        changes
    }
}

/// Puts the value of `entry` into its activity's field and keeps the one it replaces instead.
fn swap_field(programme: &mut Programme, entry: &mut (Cell, Field, FieldValue)) {
    let (cell, field, value) = entry;
    let Some(activity) = programme.activity_mut(*cell) else {
        return;
    };
    let placeholder = FieldValue::Date(None);
    let kept = std::mem::replace(value, placeholder);
    // Every value here was read from this very field, so it is of the field's kind.
    match activity.replace(*field, kept) {
        Ok(replaced) => *value = replaced,
        Err(mismatch) => debug_assert!(false, "{mismatch}"),
    }
}

/// What a change within `scope` changed, as the followers of an edit are told it.
fn changes_in(scope: &Scope, programme: &Programme) -> Changes {
    scope.changes(programme.clusters.len())
}

/// Puts `saved` back at `at` in `list` in place of the `replaced` items there, and keeps what it
/// took out in `saved` instead (so the next swap undoes this one); answers the splice made.
fn swap_run<T>(
    list: &mut Vec<T>,
    at: &mut usize,
    saved: &mut Vec<T>,
    replaced: &mut usize,
) -> Splice {
    let start = (*at).min(list.len());
    let end = start.saturating_add(*replaced).min(list.len());
    let back = std::mem::take(saved);
    let inserted = back.len();
    *saved = list.splice(start..end, back).collect();
    (*at, *replaced) = (start, inserted);
    Splice {
        at: start,
        removed: saved.len(),
        inserted,
    }
}

/// No state of the programme: what changes are counted from when the file on disk they were
/// made to was swapped, so that nothing is added to a record of changes to another file.
const UNKNOWN_STATE: u64 = u64::MAX;

/// One change: what it replaced, where the selection was before and after it, and the file on
/// disk it replaced (a reload or a merge replaces that too).
#[derive(Clone, Debug)]
struct Change {
    id: u64,
    saved: Saved,
    before: Cell,
    after: Cell,
    disk: Option<Disk>,
}

/// The undo and redo stacks. Every state of the programme has an id, so "unsaved" can be told
/// exactly even after undoing back to the saved state.
#[derive(Clone, Debug, Default)]
pub struct History {
    undo: Vec<Change>,
    redo: Vec<Change>,
    next_id: u64,
    /// What changed since [`History::take_changes`] last asked.
    changes: Changes,
    /// What changed since [`History::take_unchecked`] last asked.
    unchecked: Changes,
}

impl History {
    /// Makes `edit` to `programme` as one change that can be undone, keeping what its scope
    /// covers; `before` and `after` are where the selection was and goes. An edit that does not
    /// fit changes nothing and leaves no history.
    pub fn apply(
        &mut self,
        programme: &mut Programme,
        edit: Transaction,
        before: Cell,
        after: Cell,
    ) -> Result<(), EditError> {
        let Some(scope) = edit.scope() else {
            return Ok(());
        };
        let saved = match edit.into_fields() {
            Ok(fields) => Saved::set_fields(programme, fields, scope)?,
            Err(edit) => {
                let length_before = programme.clusters.len();
                let saved = Saved::take(programme, &scope);
                let applied = edit.apply(programme);
                let mut saved = saved.finish(programme, length_before);
                if let Err(e) = applied {
                    // What was made of it lies inside the scope: put back, it leaves no trace.
                    saved.swap(programme);
                    return Err(e);
                }
                saved
            }
        };
        self.next_id += 1;
        self.redo.clear();
        self.note(saved.changed(programme));
        self.changes.to = self.next_id;
        self.undo.push(Change {
            id: self.next_id,
            saved,
            before,
            after,
            disk: None,
        });
        Ok(())
    }

    /// The last change also replaced the file on disk the editor knew (a reload, a merge):
    /// `replaced` is the one it knew before, which undoing the change puts back.
    pub fn replaced_disk(&mut self, replaced: Disk) {
        if let Some(change) = self.undo.last_mut() {
            change.disk = Some(replaced);
        }
    }

    /// Undoes the last change; answers where the selection goes.
    pub fn undo(&mut self, programme: &mut Programme, disk: &mut Disk) -> Option<Cell> {
        let mut change = self.undo.pop()?;
        self.swap(&mut change, programme, disk);
        let cell = change.before;
        self.redo.push(change);
        self.changes.to = self.state();
        Some(cell)
    }

    /// Redoes the last undone change; answers where the selection goes.
    pub fn redo(&mut self, programme: &mut Programme, disk: &mut Disk) -> Option<Cell> {
        let mut change = self.redo.pop()?;
        self.swap(&mut change, programme, disk);
        let cell = change.after;
        self.undo.push(change);
        self.changes.to = self.state();
        Some(cell)
    }

    fn swap(&mut self, change: &mut Change, programme: &mut Programme, disk: &mut Disk) {
        let changed = change.saved.swap(programme);
        self.note(changed);
        if let Some(other) = &mut change.disk {
            std::mem::swap(disk, other);
            // The recovery file names the text its changes were made to: it starts afresh.
            self.changes.from = UNKNOWN_STATE;
        }
    }

    fn note(&mut self, changed: Changes) {
        self.unchecked.merge(changed);
        self.changes.merge(changed);
    }

    /// What changed since the last call (or since the programme was loaded), for the
    /// editor's check; apart from [`History::take_changes`], which the recovery file asks.
    pub fn take_unchecked(&mut self) -> Changes {
        std::mem::take(&mut self.unchecked)
    }

    /// The id of the programme's current state (0: as loaded).
    pub fn state(&self) -> u64 {
        self.undo.last().map_or(0, |c| c.id)
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// What changed since the last call (or since the programme was loaded), and from which
    /// state to which: enough to bring a copy of the programme as it was then up to date.
    pub fn take_changes(&mut self) -> Changes {
        let state = self.state();
        let taken = std::mem::take(&mut self.changes);
        self.changes.from = state;
        self.changes.to = state;
        taken
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Activity, Field, FieldValue, Operation};
    use proptest::prelude::*;

    fn programme() -> Programme {
        let mut p = Programme::new(2022, "Plan");
        for c in 0..3 {
            let mut cluster = Cluster::new(format!("c{c}"), "Cluster");
            for a in 0..4 {
                cluster
                    .activities
                    .push(Activity::new(format!("a{c}-{a}"), "A"));
            }
            p.clusters.push(cluster);
        }
        p
    }

    proptest! {
        /// Runs of activities inserted, removed, moved or changed, undone one by one, give
        /// back every earlier state; redone, the later ones; and the changes each step reports
        /// name the run it touched.
        #[test]
        fn activity_runs_undo_and_redo_exactly(
            edits in prop::collection::vec((0usize..3, 0usize..5, 0usize..4), 1..20),
        ) {
            let mut p = programme();
            let mut disk = Disk::default();
            let mut history = History::default();
            let mut states = vec![p.clone()];
            for (n, &(c, a, kind)) in edits.iter().enumerate() {
                let len = p.clusters[c].activities.len();
                let cell = Cell::new(c, a.min(len));
                let operation = match kind {
                    0 if a < len => Operation::SetField {
                        cell,
                        field: Field::Title,
                        value: FieldValue::Text(format!("edit {n}")),
                    },
                    3 if a < len => Operation::Remove { cell },
                    1 if a + 1 < len => Operation::Move { from: cell, to: Cell::new(c, a + 1) },
                    _ => Operation::Insert {
                        cell,
                        activity: Box::new(Activity::new(format!("n{n}"), "New")),
                    },
                };
                history.apply(&mut p, operation.into(), Cell::default(), Cell::default()).unwrap();
                let changed = history.take_unchecked();
                prop_assert_eq!(changed.activities.map(|(cluster, _)| cluster), Some(c));
                states.push(p.clone());
            }
            for state in states.iter().rev().skip(1) {
                history.undo(&mut p, &mut disk);
                prop_assert_eq!(&p, state);
            }
            for state in states.iter().skip(1) {
                history.redo(&mut p, &mut disk);
                prop_assert_eq!(&p, state);
            }
        }
    }

    proptest! {
        /// The recovery journal follows the scopes the operations report: any operations,
        /// undone and redone, recorded as the editor records them (the changes since the last
        /// record) replay to the programme exactly.
        #[test]
        fn the_journal_of_any_operations_replays_exactly(
            steps in prop::collection::vec((0usize..4, 0usize..5, 0usize..8, any::<bool>()), 1..30),
        ) {
            let mut p = programme();
            let mut replayed = p.clone();
            let mut disk = Disk::default();
            let mut history = History::default();
            for (n, &(c, a, kind, keep)) in steps.iter().enumerate() {
                let cell = Cell::new(c, a);
                let operation = match kind {
                    0 => Operation::SetField {
                        cell,
                        field: Field::Notes,
                        value: FieldValue::Text(format!("n{n}")),
                    },
                    1 => Operation::Remove { cell },
                    2 => Operation::Move { from: cell, to: Cell::new(a % 3, c) },
                    3 => Operation::InsertCluster {
                        at: c,
                        cluster: Box::new(Cluster::new(format!("k{n}"), "K")),
                    },
                    4 => Operation::MoveCluster { from: c, to: a },
                    5 => Operation::SetHeader {
                        field: Field::Title,
                        value: FieldValue::Text(format!("t{n}")),
                    },
                    6 => {
                        history.undo(&mut p, &mut disk);
                        continue;
                    }
                    _ => {
                        history.redo(&mut p, &mut disk);
                        continue;
                    }
                };
                // Operations that do not fit are refused and leave nothing to record.
                history.apply(&mut p, operation.into(), Cell::default(), Cell::default()).ok();
                if keep {
                    let changes = history.take_changes();
                    let record = crate::session::journal::record(&p, &changes);
                    prop_assert!(crate::session::journal::replay(&mut replayed, record.as_bytes()).is_ok());
                    prop_assert_eq!(&replayed, &p);
                }
            }
        }
    }

    /// Resolving a programme-level conflict rewrites the programme's notes; undo and redo must
    /// carry them, for every scope that keeps the programme's own fields.
    #[test]
    fn undo_and_redo_carry_the_programme_notes() {
        let clear = || Operation::SetHeader {
            field: Field::Notes,
            value: FieldValue::Text(String::new()),
        };
        let add_cluster = || Operation::InsertCluster {
            at: 0,
            cluster: Box::new(Cluster::new("k", "K")),
        };
        let cleared = Programme::new(2022, "Plan");
        for edit in [
            Transaction::of(clear()),
            Transaction::of(Operation::Replace(Box::new(cleared.clone()))),
            [clear(), add_cluster()].into_iter().collect(),
        ] {
            let scope = edit.scope();
            let mut programme = Programme::new(2022, "Plan");
            programme.notes = "CONFLICT title: ours=\"A\" theirs=\"B\"".into();
            let mut history = History::default();
            let mut disk = Disk::default();
            history
                .apply(&mut programme, edit, Cell::default(), Cell::default())
                .unwrap();
            history.undo(&mut programme, &mut disk);
            assert_eq!(
                programme.notes, "CONFLICT title: ours=\"A\" theirs=\"B\"",
                "{scope:?}"
            );
            history.redo(&mut programme, &mut disk);
            assert_eq!(programme.notes, "", "{scope:?}");
        }
    }

    /// A field set twice in one edit, and another beside it, come back exactly through undo
    /// and redo; and what is kept for undo is the fields set, not the activities.
    #[test]
    fn fields_set_in_one_edit_undo_and_redo_exactly_keeping_only_the_fields() {
        let mut p = programme();
        p.clusters[1].activities[2].description = "long ".repeat(100_000);
        let start = p.clone();
        let set = |a, field, value| Operation::SetField {
            cell: Cell::new(1, a),
            field,
            value,
        };
        let status = |s| FieldValue::Status(s);
        let edit: Transaction = [
            set(2, Field::Status, status(crate::model::Status::Tbc)),
            set(0, Field::Title, FieldValue::Text("T".into())),
            set(2, Field::Status, status(crate::model::Status::Done)),
        ]
        .into_iter()
        .collect();
        let mut history = History::default();
        let mut disk = Disk::default();
        history
            .apply(&mut p, edit, Cell::default(), Cell::default())
            .unwrap();
        let done = p.clone();
        assert_eq!(
            p.clusters[1].activities[2].status,
            crate::model::Status::Done
        );
        let kept: Vec<Field> = match &history.undo[0].saved {
            Saved::Fields { values, .. } => values.iter().map(|(_, f, _)| *f).collect(),
            other => panic!("{other:?}"),
        };
        assert_eq!(kept, vec![Field::Status, Field::Title, Field::Status]);
        for _ in 0..2 {
            history.undo(&mut p, &mut disk);
            assert_eq!(p, start);
            history.redo(&mut p, &mut disk);
            assert_eq!(p, done);
        }
        // A field of the wrong kind undoes what the edit had made, and leaves no history.
        let bad: Transaction = [
            set(1, Field::Title, FieldValue::Text("X".into())),
            set(1, Field::Status, FieldValue::Year(1)),
        ]
        .into_iter()
        .collect();
        let result = history.apply(&mut p, bad, Cell::default(), Cell::default());
        assert!(matches!(result, Err(EditError::Mismatch(_))), "{result:?}");
        assert_eq!(p, done);
        assert_eq!(history.undo.len(), 1);
    }

    /// An edit whose last operation does not fit is not made at all and leaves no history.
    #[test]
    fn an_edit_that_does_not_fit_changes_nothing() {
        let mut p = programme();
        let start = p.clone();
        let mut history = History::default();
        let edit: Transaction = [
            Operation::Remove {
                cell: Cell::new(1, 0),
            },
            Operation::Remove {
                cell: Cell::new(1, 9),
            },
        ]
        .into_iter()
        .collect();
        let result = history.apply(&mut p, edit, Cell::default(), Cell::default());
        assert_eq!(result, Err(EditError::NoActivity(Cell::new(1, 9))));
        assert_eq!(p, start);
        assert!(!history.can_undo());
        assert_eq!(history.take_unchecked(), Changes::default());
    }

    /// Undoing a change that replaced the file on disk puts back the file known before it;
    /// redoing it, the newer one.
    #[test]
    fn undo_past_a_reload_puts_back_the_disk_it_replaced() {
        let mut p = programme();
        let mut history = History::default();
        let mut disk = Disk {
            text: "old".into(),
            saved_state: 0,
            ..Disk::default()
        };
        let reloaded = Operation::Replace(Box::new(Programme::new(2022, "Theirs")));
        history
            .apply(&mut p, reloaded.into(), Cell::default(), Cell::default())
            .unwrap();
        let newer = Disk {
            text: "new".into(),
            saved_state: history.state(),
            ..Disk::default()
        };
        history.replaced_disk(std::mem::replace(&mut disk, newer));
        history.undo(&mut p, &mut disk);
        assert_eq!((disk.text.as_str(), disk.saved_state), ("old", 0));
        assert_eq!(history.take_changes().from, UNKNOWN_STATE);
        history.redo(&mut p, &mut disk);
        assert_eq!((disk.text.as_str(), disk.saved_state), ("new", 1));
    }
}
