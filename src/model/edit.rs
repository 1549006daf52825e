//! Edits as values: an [`Operation`] (set a field, insert, remove or move an activity or a
//! cluster, replace the whole programme) applies itself to a [`Programme`] and says, from what
//! it is and not from a declaration beside it, the [`Scope`] it can touch. A [`Transaction`] is
//! operations made as one edit (the marked activities, the dates shifted with a year) with the
//! scopes of its operations merged. Undo, the recovery journal, the incremental check, filter,
//! search and marks all follow that scope, so it must never be narrower than the change.

use super::{
    Activity, Cell, Changes, Cluster, Field, FieldMismatch, FieldValue, PlanDate, Programme, Splice,
};

/// What an edit can touch, known before it is made. Anything outside it stays as it was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// The programme's own fields (title, year, adoption, notes); no cluster.
    Header,
    /// These clusters' contents (their own fields and activities); the list of clusters stays
    /// as it is. Sorted, without repeats.
    Clusters(Vec<usize>),
    /// A run of one cluster's activities: `run.removed` from `run.at` on, replaced by
    /// `run.inserted`; the cluster's own fields, its other activities and everything else stay.
    Activities { cluster: usize, run: Splice },
    /// A run of clusters replaced (moving, adding or deleting clusters), and the programme's
    /// own fields.
    Splice(Splice),
    /// Anything, including the whole programme replaced.
    Whole,
}

impl Scope {
    /// The clusters scope of a set of cluster indices.
    fn clusters(mut indices: Vec<usize>) -> Scope {
        indices.sort_unstable();
        indices.dedup();
        Scope::Clusters(indices)
    }

    /// The run of clusters this scope may replace, with the header: `None` for the header alone.
    fn as_cluster_run(&self) -> Option<Splice> {
        match self {
            Scope::Header | Scope::Whole => None,
            Scope::Clusters(indices) => {
                let (first, last) = (indices.first()?, indices.last()?);
                let length = last - first + 1;
                Some(Splice {
                    at: *first,
                    removed: length,
                    inserted: length,
                })
            }
            Scope::Activities { cluster, .. } => Some(Splice::one(*cluster)),
            Scope::Splice(run) => Some(*run),
        }
    }

    /// This scope followed by `next` (whose indices count after this one), as one scope that
    /// covers both.
    pub fn then(self, next: Scope) -> Scope {
        match (self, next) {
            (Scope::Whole, _) | (_, Scope::Whole) => Scope::Whole,
            (Scope::Header, Scope::Header) => Scope::Header,
            (
                Scope::Activities { cluster, run },
                Scope::Activities {
                    cluster: other,
                    run: next,
                },
            ) if cluster == other => Scope::Activities {
                cluster,
                run: run.then(next),
            },
            (
                first @ (Scope::Clusters(_) | Scope::Activities { .. }),
                next @ (Scope::Clusters(_) | Scope::Activities { .. }),
            ) => {
                // Neither changes the list of clusters, so their indices agree.
                let mut indices = first.touched_clusters();
                indices.extend(next.touched_clusters());
                Scope::clusters(indices)
            }
            (first, next) => match (first.as_cluster_run(), next.as_cluster_run()) {
                (Some(first), Some(next)) => Scope::Splice(first.then(next)),
                (Some(run), None) | (None, Some(run)) => Scope::Splice(run),
                (None, None) => Scope::Header,
            },
        }
    }

    /// What a change within this scope changed, as the followers of an edit are told it, in a
    /// programme of `clusters` clusters.
    pub fn changes(&self, clusters: usize) -> Changes {
        let mut changes = Changes::default();
        match self {
            Scope::Activities { cluster, run } => return Changes::of_activities(*cluster, *run),
            Scope::Clusters(indices) => {
                for &i in indices {
                    changes.add(false, Some(Splice::one(i)));
                }
            }
            Scope::Header => changes.add(true, None),
            Scope::Splice(run) => changes.add(true, Some(*run)),
            Scope::Whole => changes.add(true, Some(Splice::all(clusters, clusters))),
        }
        changes
    }

    /// The clusters a scope that keeps the list of clusters touches.
    fn touched_clusters(&self) -> Vec<usize> {
        match self {
            Scope::Clusters(indices) => indices.clone(),
            Scope::Activities { cluster, .. } => vec![*cluster],
            Scope::Header | Scope::Splice(_) | Scope::Whole => Vec::new(),
        }
    }
}

/// Why an operation could not be made; the programme is left as it was before it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("there is no activity at cluster {}, position {}", .0.cluster + 1, .0.activity + 1)]
    NoActivity(Cell),
    #[error("there is no cluster {}", .0 + 1)]
    NoCluster(usize),
    #[error(transparent)]
    Mismatch(#[from] FieldMismatch),
}

/// One change to a programme.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Operation {
    /// One field of the activity at `cell`.
    SetField {
        cell: Cell,
        field: Field,
        value: FieldValue,
    },
    /// One of a cluster's own fields (its name or summary).
    SetClusterField {
        cluster: usize,
        field: Field,
        value: FieldValue,
    },
    /// One of the programme's own fields (title, year, adoption, notes).
    SetHeader { field: Field, value: FieldValue },
    /// A new activity at `cell`; those from there on move one to the right.
    Insert { cell: Cell, activity: Box<Activity> },
    /// The activity at `cell` goes.
    Remove { cell: Cell },
    /// The activities at these positions of cluster `cluster` go (the marked ones, at once:
    /// one by one would move the rest of the cluster once for each). Sorted, without repeats.
    RemoveSome {
        cluster: usize,
        positions: Vec<usize>,
    },
    /// The activity at `from` goes to `to` (its position counted once it has left `from`).
    Move { from: Cell, to: Cell },
    /// A new cluster at `at`; those from there on move one down.
    InsertCluster { at: usize, cluster: Box<Cluster> },
    /// The cluster at `at` goes.
    RemoveCluster { at: usize },
    /// The cluster at `from` goes to `to` (counted once it has left `from`).
    MoveCluster { from: usize, to: usize },
    /// The whole programme (a reload, a merge, a recovery, a resolved conflict).
    Replace(Box<Programme>),
}

impl Operation {
    /// What the operation can touch, from the operation alone.
    pub fn scope(&self) -> Scope {
        let activities = |cluster, at, removed, inserted| Scope::Activities {
            cluster,
            run: Splice {
                at,
                removed,
                inserted,
            },
        };
        match self {
            Operation::SetField { cell, .. } => activities(cell.cluster, cell.activity, 1, 1),
            Operation::SetClusterField { cluster, .. } => Scope::Clusters(vec![*cluster]),
            Operation::SetHeader { .. } => Scope::Header,
            Operation::Insert { cell, .. } => activities(cell.cluster, cell.activity, 0, 1),
            Operation::Remove { cell } => activities(cell.cluster, cell.activity, 1, 0),
            Operation::RemoveSome { cluster, positions } => {
                match (positions.first(), positions.last()) {
                    (Some(&first), Some(&last)) => {
                        let length = last.saturating_sub(first) + 1;
                        let kept = length.saturating_sub(positions.len());
                        activities(*cluster, first, length, kept)
                    }
                    _ => activities(*cluster, 0, 0, 0),
                }
            }
            Operation::Move { from, to } if from.cluster == to.cluster => {
                let at = from.activity.min(to.activity);
                let length = from.activity.abs_diff(to.activity) + 1;
                activities(from.cluster, at, length, length)
            }
            Operation::Move { from, to } => Scope::clusters(vec![from.cluster, to.cluster]),
            Operation::InsertCluster { at, .. } => Scope::Splice(Splice {
                at: *at,
                removed: 0,
                inserted: 1,
            }),
            Operation::RemoveCluster { at } => Scope::Splice(Splice {
                at: *at,
                removed: 1,
                inserted: 0,
            }),
            Operation::MoveCluster { from, to } => {
                let length = from.abs_diff(*to) + 1;
                Scope::Splice(Splice {
                    at: *from.min(to),
                    removed: length,
                    inserted: length,
                })
            }
            Operation::Replace(_) => Scope::Whole,
        }
    }

    /// Makes the change. An operation that does not fit the programme (no such activity or
    /// cluster, a value of the wrong kind) changes nothing and says why.
    pub fn apply(self, programme: &mut Programme) -> Result<(), EditError> {
        match self {
            Operation::SetField { cell, field, value } => programme
                .activity_mut(cell)
                .ok_or(EditError::NoActivity(cell))?
                .set(field, value)?,
            Operation::SetClusterField {
                cluster,
                field,
                value,
            } => programme
                .clusters
                .get_mut(cluster)
                .ok_or(EditError::NoCluster(cluster))?
                .set(field, value)?,
            Operation::SetHeader { field, value } => programme.set(field, value)?,
            Operation::Insert { cell, activity } => {
                let list = activities_mut(programme, cell.cluster)?;
                if cell.activity > list.len() {
                    return Err(EditError::NoActivity(cell));
                }
                list.insert(cell.activity, *activity);
            }
            Operation::Remove { cell } => {
                let list = activities_mut(programme, cell.cluster)?;
                if cell.activity >= list.len() {
                    return Err(EditError::NoActivity(cell));
                }
                list.remove(cell.activity);
            }
            Operation::RemoveSome { cluster, positions } => {
                let list = activities_mut(programme, cluster)?;
                let sorted = positions.windows(2).all(|w| w[0] < w[1]);
                if let Some(&last) = positions.last()
                    && (!sorted || last >= list.len())
                {
                    return Err(EditError::NoActivity(Cell::new(cluster, last)));
                }
                let mut doomed = positions.iter().peekable();
                let mut i = 0;
                list.retain(|_| {
                    let goes = doomed.next_if_eq(&&i).is_some();
                    i += 1;
                    !goes
                });
            }
            Operation::Move { from, to } => {
                programme
                    .activity(from)
                    .ok_or(EditError::NoActivity(from))?;
                let room = activities_mut(programme, to.cluster)?.len();
                let room = room - usize::from(from.cluster == to.cluster);
                if to.activity > room {
                    return Err(EditError::NoActivity(to));
                }
                let moved = activities_mut(programme, from.cluster)?.remove(from.activity);
                activities_mut(programme, to.cluster)?.insert(to.activity, moved);
            }
            Operation::InsertCluster { at, cluster } => {
                if at > programme.clusters.len() {
                    return Err(EditError::NoCluster(at));
                }
                programme.clusters.insert(at, *cluster);
            }
            Operation::RemoveCluster { at } => {
                if at >= programme.clusters.len() {
                    return Err(EditError::NoCluster(at));
                }
                programme.clusters.remove(at);
            }
            Operation::MoveCluster { from, to } => {
                let len = programme.clusters.len();
                if from >= len {
                    return Err(EditError::NoCluster(from));
                }
                if to >= len {
                    return Err(EditError::NoCluster(to));
                }
                let moved = programme.clusters.remove(from);
                programme.clusters.insert(to, moved);
            }
            Operation::Replace(whole) => *programme = *whole,
        }
        Ok(())
    }
}

fn activities_mut(
    programme: &mut Programme,
    cluster: usize,
) -> Result<&mut Vec<Activity>, EditError> {
    programme
        .clusters
        .get_mut(cluster)
        .map(|c| &mut c.activities)
        .ok_or(EditError::NoCluster(cluster))
}

/// Operations made in turn as one edit, which one undo takes back.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Transaction {
    operations: Vec<Operation>,
}

impl Transaction {
    /// An edit of one operation.
    pub fn of(operation: Operation) -> Transaction {
        Transaction {
            operations: vec![operation],
        }
    }

    /// Adds an operation, made after those already here.
    pub fn push(&mut self, operation: Operation) {
        self.operations.push(operation);
    }

    pub fn is_empty(&self) -> bool {
        self.operations.is_empty()
    }

    /// What the edit can touch: the scopes of its operations, merged. `None` for no operation.
    pub fn scope(&self) -> Option<Scope> {
        self.operations
            .iter()
            .map(Operation::scope)
            .reduce(Scope::then)
    }

    /// The fields the edit sets, in order, when setting fields of activities is all it does;
    /// otherwise the edit itself, given back.
    pub fn into_fields(self) -> Result<Vec<(Cell, Field, FieldValue)>, Transaction> {
        let mut fields = Vec::with_capacity(self.operations.len());
        let mut operations = self.operations.into_iter();
        while let Some(operation) = operations.next() {
            match operation {
                Operation::SetField { cell, field, value } => fields.push((cell, field, value)),
                other => {
                    let set = fields
                        .into_iter()
                        .map(|(cell, field, value)| Operation::SetField { cell, field, value });
                    let operations = set.chain([other]).chain(operations).collect();
                    return Err(Transaction { operations });
                }
            }
        }
        Ok(fields)
    }

    /// Makes the operations in turn. When one does not fit, it and those after it are not made
    /// and the error says why; those before it stay made (inside [`Transaction::scope`], so
    /// whoever saved that scope can put it back).
    pub fn apply(self, programme: &mut Programme) -> Result<(), EditError> {
        self.operations
            .into_iter()
            .try_for_each(|operation| operation.apply(programme))
    }
}

impl From<Operation> for Transaction {
    fn from(operation: Operation) -> Transaction {
        Transaction::of(operation)
    }
}

impl FromIterator<Operation> for Transaction {
    fn from_iter<I: IntoIterator<Item = Operation>>(operations: I) -> Transaction {
        Transaction {
            operations: operations.into_iter().collect(),
        }
    }
}

/// A programme moved to another year: the edit, and what it moves with the year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewYear {
    pub edit: Transaction,
    /// How many dates (of activities, and the adoption) the edit moves.
    pub dates_moved: usize,
    /// How many dates could not move: they would leave [`YEARS`](super::YEARS).
    pub dates_stuck: usize,
    /// The new title, when the old one named the old year.
    pub title: Option<String>,
}

/// The programme planned for `year` instead: with `shift`, every date and a title naming the
/// old year move by the same number of years, in the same edit; without it, the year alone.
pub fn new_year(programme: &Programme, year: i32, shift: bool) -> NewYear {
    let set_header = |field, value| Operation::SetHeader { field, value };
    let mut moved = NewYear {
        edit: Transaction::of(set_header(Field::Year, FieldValue::Year(year))),
        dates_moved: 0,
        dates_stuck: 0,
        title: None,
    };
    let Some(years) = year.checked_sub(programme.year).filter(|_| shift) else {
        return moved;
    };
    if let Some(title) = title_for_year(&programme.title, programme.year, year) {
        let value = FieldValue::Text(title.clone());
        moved.edit.push(set_header(Field::Title, value));
        moved.title = Some(title);
    }
    if let Some(adopted) = programme.adopted {
        let months = years.unsigned_abs().saturating_mul(12);
        let day = if years >= 0 {
            adopted.checked_add_months(chrono::Months::new(months))
        } else {
            adopted.checked_sub_months(chrono::Months::new(months))
        };
        match day {
            Some(day) => {
                moved.dates_moved += 1;
                moved
                    .edit
                    .push(set_header(Field::Adopted, FieldValue::Day(Some(day))));
            }
            None => moved.dates_stuck += 1,
        }
    }
    for (cell, activity) in programme.activities() {
        let dates = [(Field::Start, activity.start), (Field::End, activity.end)];
        let dates: Vec<(Field, PlanDate)> = dates
            .into_iter()
            .filter_map(|(field, date)| Some((field, date?)))
            .collect();
        let later: Option<Vec<(Field, PlanDate)>> = dates
            .iter()
            .map(|&(field, date)| Some((field, date.checked_add_years(years)?)))
            .collect();
        // Both ends move or neither, so a range never turns round.
        let Some(later) = later else {
            moved.dates_stuck += dates.len();
            continue;
        };
        moved.dates_moved += later.len();
        for (field, date) in later {
            let value = FieldValue::Date(Some(date));
            moved.edit.push(Operation::SetField { cell, field, value });
        }
    }
    moved
}

/// `title` with the old year replaced by the new one, when it names the old year.
pub fn title_for_year(title: &str, old: i32, new: i32) -> Option<String> {
    let old = old.to_string();
    title
        .contains(&old)
        .then(|| title.replace(&old, &new.to_string()))
}

#[cfg(test)]
mod tests;
