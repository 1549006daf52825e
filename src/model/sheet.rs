//! Rows of activities with their place (a sheet someone filled in), applied to a programme:
//! which activity a row is about, moves between clusters, order by position, ids for new
//! activities. The format the rows came in (CSV) is the exchange layer's; this is the domain.

use std::collections::HashMap;
use std::fmt;

use super::matching::{FollowUpLink, Seeker, match_without_id, normalise};
// Reached from here by the readers of sheets, which check every id cell with it.
use super::diff::{Shared, SharedWith};
pub use super::programme::is_slug;
use super::programme::unique_slug;
use super::{
    Activity, ActivityIds, Cell, Cluster, EndBeforeStart, Field, PlanDate, Programme, check_range,
};

/// How a row without an `activity_id` finds the activity it is about.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TitleMatch {
    /// Only the one activity of the row's cluster whose title is the same up to case, accents
    /// and punctuation. A row meant to add an activity must never take over another one.
    #[default]
    Same,
    /// As `wpmatrix diff` matches across years (`follow_up_of`, then equal, then similar
    /// titles, in any cluster): a row may retitle or move the activity it finds
    /// (`import --match-titles`).
    Similar,
}

/// What applying rows did beyond the programme itself.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Applied {
    /// The rows left out, and why.
    pub problems: Vec<RowProblem>,
    /// The line of the row that set each activity.
    pub lines: RowLines,
    /// Rows without an id added as new activities though an existing one is like them.
    pub similar: Vec<Similar>,
    /// The programme's activities as they were before the rows.
    pub before: Before,
}

/// What became of each activity a programme had before rows were applied to it, in its old
/// order: enough to tell the changes (`diff`) without a whole copy of the old programme.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Before(pub Vec<Was>);

/// One activity of the programme before the rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Was {
    /// Where it was.
    pub old: Cell,
    /// Where it is now; `None` once [`prune`] removed it.
    pub now: Option<Cell>,
    /// Its old value, when a row changed it or it was removed; otherwise it is the activity at
    /// `now`, as it was. Boxed: most activities have none, and an activity is 400 bytes.
    pub value: Option<Box<OldValue>>,
}

/// An activity's value before the rows, less the fields it has the same as the activity it
/// became (at [`Was::now`]): a sheet that changes every activity's status keeps each one's
/// status, not a second programme.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OldValue {
    pub activity: Activity,
    pub shared: Shared,
}

impl OldValue {
    /// A whole old value, nothing left out.
    fn whole(activity: Activity) -> Box<OldValue> {
        Box::new(OldValue {
            activity,
            shared: Shared::default(),
        })
    }
}

impl Before {
    /// How many activities the programme had.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The old activities as (cluster, position, activity) in their old order, for
    /// [`crate::model::diff::diff_from_cells`]: each one's old value, or the one in `programme`
    /// (as the rows left it) where the rows did not change it. Their names are whole once
    /// [`Before::restore_names`] has put them back.
    pub fn cells<'a>(&'a self, programme: &'a Programme) -> Vec<(usize, usize, &'a Activity)> {
        self.entries(programme).map(|(cell, _)| cell).collect()
    }

    /// Beside each of [`Before::cells`], the fields its old value left out and the activity in
    /// `programme` that has them, for [`crate::model::diff::diff_from_cells`].
    pub fn shared<'a>(&'a self, programme: &'a Programme) -> Vec<SharedWith<'a>> {
        self.entries(programme).map(|(_, shared)| shared).collect()
    }

    /// [`Before::cells`] and [`Before::shared`] side by side, so that they stay in step.
    fn entries<'a>(
        &'a self,
        programme: &'a Programme,
    ) -> impl Iterator<Item = ((usize, usize, &'a Activity), SharedWith<'a>)> {
        self.0.iter().filter_map(|was| {
            let became = was.now.and_then(|now| programme.activity(now));
            let (activity, shared) = match &was.value {
                Some(value) => {
                    let shared = became.filter(|_| !value.shared.is_empty());
                    (&value.activity, shared.map(|b| (value.shared, b)))
                }
                None => (became?, None),
            };
            Some(((was.old.cluster, was.old.activity, activity), shared))
        })
    }

    /// Before `activity`, at `now`, is changed after the rows: keeps its old value if it is one
    /// the programme had and none is kept yet. `at` is [`Before::by_now`].
    pub fn keep(&mut self, at: &HashMap<Cell, usize>, now: Cell, activity: &Activity) {
        let Some(was) = at.get(&now).and_then(|&i| self.0.get_mut(i)) else {
            return;
        };
        match &mut was.value {
            None => was.value = Some(OldValue::whole(activity.clone())),
            // What it left out is about to change: it is kept whole.
            Some(value) => {
                let OldValue {
                    activity: old,
                    shared,
                } = value.as_mut();
                shared.restore(old, activity);
            }
        }
    }

    /// Puts back the ids, titles and `follow_up_of`s the old values left out, from the
    /// activities they became: before [`Before::cells`] are diffed, which matches by them.
    /// Apart until then, so that they are not held twice while the programme is written.
    pub fn restore_names(&mut self, programme: &Programme) {
        for was in &mut self.0 {
            let became = was.now.and_then(|now| programme.activity(now));
            if let (Some(value), Some(became)) = (&mut was.value, became) {
                let OldValue { activity, shared } = value.as_mut();
                shared.restore_names(activity, became);
            }
        }
    }

    /// Which of the activities the programme had is at each cell now.
    pub fn by_now(&self) -> HashMap<Cell, usize> {
        let now = self.0.iter().enumerate();
        now.filter_map(|(i, was)| Some((was.now?, i))).collect()
    }

    /// Whether every activity is where it was, as it was: with the same clusters and no
    /// activity added, the programme is the one it was.
    pub fn unchanged(&self, programme: &Programme) -> bool {
        self.0.len() == programme.activity_count()
            && self
                .0
                .iter()
                .all(|was| was.value.is_none() && was.now == Some(was.old))
    }
}

/// A row without an id that was added as a new activity while the programme has one that
/// [`TitleMatch::Similar`] would have taken for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Similar {
    pub line: u64,
    /// The row's title.
    pub title: String,
    /// The id of the existing activity it is like.
    pub like: String,
}

/// Which activity of the programme a row without an id is about.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Found {
    /// None: the row adds an activity.
    Nothing,
    /// The activity with this id.
    Is(String),
    /// None, though the activity with this id is like it: the row adds one, and says so.
    Like(String),
}

/// Something wrong at a line of a sheet (1 is the header line).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowProblem {
    pub line: u64,
    /// The sheet column (0 is the header's first) when the problem is one cell's: a workbook
    /// names that cell.
    pub column: Option<usize>,
    pub message: String,
}

impl fmt::Display for RowProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.line, self.message)
    }
}

/// One good row: where its activity goes and what the row says about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The physical line the record starts on.
    pub line: u64,
    pub year: Option<i32>,
    /// Empty when the column is missing or the cell is empty.
    pub cluster_id: String,
    pub cluster: String,
    pub position: Option<usize>,
    /// The activity as the row gives it; columns the sheet lacks hold their defaults and the id
    /// is empty when the row gives none.
    pub activity: Activity,
}

/// For each activity of a programme that rows were applied to, the line of the row that set or
/// added it (`None`: no row did), cell by cell; kept by cell rather than by id so that a big
/// sheet's ids need not be copied and hashed once more.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RowLines(pub Vec<Vec<Option<u64>>>);

impl RowLines {
    /// The line of the row that set the activity at `cell`.
    pub fn line(&self, cell: Cell) -> Option<u64> {
        *self.0.get(cell.cluster)?.get(cell.activity)?
    }

    /// The lines by activity id, for `programme` as the rows left it.
    pub fn by_id(&self, programme: &Programme) -> HashMap<String, u64> {
        programme
            .activities()
            .filter_map(|(cell, a)| Some((a.id.clone(), self.line(cell)?)))
            .collect()
    }
}

/// An activity's seat in a cluster while rows come in.
enum Slot {
    /// An activity with its id: one the programme had, or one a row added with an id.
    Placed(Activity),
    /// Added by a row without an id; it gets one once every row is in.
    Pending(Activity),
    /// Left behind by an activity a row moved to another cluster: it keeps the seats after it
    /// where the index says they are, and goes once every row is in.
    MovedAway,
}

/// A slot and what the row about its activity said beyond the activity.
struct Seat {
    slot: Slot,
    /// The line of the row that set or added the activity; a second row for it is an error.
    line: Option<u64>,
    /// The position that row gave the activity in its cluster.
    position: Option<usize>,
    /// Where the activity was in the programme before the rows, if it was there.
    origin: Option<Cell>,
    /// Its value before the row that changed it (as in [`Was`]).
    before: Option<Box<OldValue>>,
}

impl Seat {
    fn new(slot: Slot) -> Self {
        Seat {
            slot,
            line: None,
            position: None,
            origin: None,
            before: None,
        }
    }

    /// Whether the seat holds the activity `id`.
    fn holds(&self, id: &str) -> bool {
        matches!(&self.slot, Slot::Placed(a) if a.id == id)
    }
}

/// Puts the rows into `programme`, which may be empty (import) or an existing programme
/// (`--into`). Rows update the activity with their id (or, without an id, the activity of the
/// programme as it was that `wpmatrix diff` would take for it: the same `follow_up_of`, then
/// the most similar title, in the same cluster and position first), add the others, and leave activities they do not
/// name alone. Only the `fields` the sheet has are changed; a row whose cluster differs moves
/// its activity there. Activity order within a cluster follows `position` where the sheet has
/// it; otherwise activities stay where they are and new ones go last. New clusters go last, in
/// order of first appearance. Activities without an id get one made from their title.
///
/// A row that contradicts an earlier row or the programme is left out and reported, as is one
/// whose end is before its start once each date has the precision the activity had (see
/// [`keep_precision`]). Returns the problems, for each activity a row set the line of that row,
/// and the rows added beside a similar activity.
pub fn apply(
    rows: Vec<Row>,
    fields: &[Field],
    programme: &mut Programme,
    titles: TitleMatch,
) -> Applied {
    let found = match_rows(&rows, programme, titles);
    let count = rows.len();
    apply_found(rows.into_iter().zip(found), count, fields, programme)
}

/// [`apply`] for rows read again each time they are gone through (`rows` makes them afresh,
/// `count` of them): a sheet's rows read are several times the size of its cells, so they are
/// not all held at once. Rows without an id are matched from a first pass that keeps only what
/// matching looks at; when `all_have_ids`, there is none.
pub fn apply_read<I: Iterator<Item = Row>>(
    rows: impl Fn() -> I,
    (count, all_have_ids): (usize, bool),
    fields: &[Field],
    programme: &mut Programme,
    titles: TitleMatch,
) -> Applied {
    let found = if all_have_ids {
        vec![Found::Nothing; count]
    } else {
        let slim: Vec<Row> = rows().map(slim).collect();
        match_rows(&slim, programme, titles)
    };
    apply_found(rows().zip(found), count, fields, programme)
}

/// A row with only what [`match_rows`] looks at.
fn slim(row: Row) -> Row {
    let mut activity = Activity::new(row.activity.id, row.activity.title);
    activity.follow_up_of = row.activity.follow_up_of;
    Row { activity, ..row }
}

/// Applies rows, each with the activity it was matched to.
fn apply_found(
    rows: impl Iterator<Item = (Row, Found)>,
    count: usize,
    fields: &[Field],
    programme: &mut Programme,
) -> Applied {
    let mut cluster_ids: HashMap<String, usize> = HashMap::new();
    let mut cluster_names: HashMap<String, Vec<usize>> = HashMap::new();
    for (c, cluster) in programme.clusters.iter().enumerate().rev() {
        cluster_ids.insert(cluster.id.clone(), c);
        cluster_names
            .entry(cluster.name.clone())
            .or_default()
            .insert(0, c);
    }
    let mut apply = Apply {
        cluster_ids,
        cluster_names,
        cells: {
            // Sized for every activity there will be: growing rehashes every id, and at 100k
            // activities those are far apart in memory.
            let mut cells = HashMap::with_capacity(programme.activity_count() + count);
            cells.extend(programme.activities().map(|(cell, a)| (a.id.clone(), cell)));
            cells
        },
        seats: programme
            .clusters
            .iter_mut()
            .enumerate()
            .map(|(c, cluster)| {
                // Taken, not drained: the emptied Vec's buffer is freed as the seats take its
                // activities, instead of being kept through the whole import.
                let placed = std::mem::take(&mut cluster.activities).into_iter();
                placed
                    .enumerate()
                    .map(|(p, activity)| Seat {
                        origin: Some(Cell::new(c, p)),
                        ..Seat::new(Slot::Placed(activity))
                    })
                    .collect()
            })
            .collect(),
        named_by: vec![None; programme.clusters.len()],
        programme,
        fields,
    };
    let mut problems = Vec::new();
    let mut similar = Vec::new();
    for (row, found) in rows {
        let line = row.line;
        let like = match &found {
            Found::Like(id) => Some((id.clone(), row.activity.title.clone())),
            Found::Nothing | Found::Is(_) => None,
        };
        match apply.row(row, found) {
            Ok(()) => similar.extend(like.map(|(like, title)| Similar { line, title, like })),
            Err(refused) => problems.push(RowProblem {
                line,
                column: None,
                message: refused.to_string(),
            }),
        }
    }
    let (lines, before) = apply.finish();
    Applied {
        problems,
        lines,
        similar,
        before,
    }
}

/// Why a row is left out of the programme.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
enum RowError {
    #[error("year {row}, but the programme is for {programme}")]
    OtherYear { row: i32, programme: i32 },
    #[error("cluster {id:?} is named {first:?} on line {line}, {here:?} here")]
    ClusterNamedTwice {
        id: String,
        first: String,
        line: u64,
        here: String,
    },
    #[error("activity {id:?} is already on line {line}")]
    Claimed { id: String, line: u64 },
    #[error(transparent)]
    Range(#[from] EndBeforeStart),
    /// The index is kept in step with every move; this is only a guard.
    #[error("activity {0:?} was lost track of; the row is left out")]
    LostTrack(String),
}

/// The state of [`apply`] between rows.
struct Apply<'p> {
    programme: &'p mut Programme,
    /// The activities of each cluster while rows come in (the clusters' own lists are empty).
    seats: Vec<Vec<Seat>>,
    fields: &'p [Field],
    /// Where each activity is while rows come in (the programme is too big to search per row).
    cells: HashMap<String, Cell>,
    /// Cluster id → the first cluster with it, and name → the clusters with it, in order.
    cluster_ids: HashMap<String, usize>,
    cluster_names: HashMap<String, Vec<usize>>,
    /// For each cluster, the name the first row for it gave, and that row's line.
    named_by: Vec<Option<(String, u64)>>,
}

impl Apply<'_> {
    /// Applies a row; `found` is the activity a row without an id was matched to.
    fn row(&mut self, row: Row, found: Found) -> Result<(), RowError> {
        let found = match found {
            Found::Is(id) => Some(id),
            Found::Nothing | Found::Like(_) => None,
        };
        let year = self.programme.year;
        if let Some(other) = row.year.filter(|y| *y != year) {
            return Err(RowError::OtherYear {
                row: other,
                programme: year,
            });
        }
        let cluster = self.find_cluster(&row);
        if let Some((name, line)) = cluster.and_then(|c| self.named_by[c].as_ref())
            && *name != row.cluster
        {
            return Err(RowError::ClusterNamedTwice {
                id: row.cluster_id.clone(),
                first: name.clone(),
                line: *line,
                here: row.cluster.clone(),
            });
        }
        let target = self.find_activity(&row.activity, found.as_deref());
        if let Some((id, cell)) = target
            && let Some(line) = self.claimed_by(id, cell)
        {
            return Err(RowError::Claimed {
                id: id.to_string(),
                line,
            });
        }
        if self.fields.contains(&Field::Start) && self.fields.contains(&Field::End) {
            let existing = target.and_then(|(id, cell)| self.placed(id, cell));
            let (start, end) = restored_dates(existing, &row.activity);
            check_range(start, end)?;
        }
        let c = self.cluster_for(&row, cluster);
        let (line, position) = (row.line, row.position);
        let cell = match target {
            Some((id, cell)) => self.update_or_move(&row.activity, id, cell, c)?,
            None => self.add(row.activity, c),
        };
        let seat = &mut self.seats[cell.cluster][cell.activity];
        seat.line = Some(line);
        seat.position = position;
        Ok(())
    }

    /// The activity `id` at `cell`, as it is before the row changes it.
    fn placed(&self, id: &str, cell: Cell) -> Option<&Activity> {
        match &self.seats.get(cell.cluster)?.get(cell.activity)?.slot {
            Slot::Placed(activity) if activity.id == id => Some(activity),
            Slot::Placed(_) | Slot::Pending(_) | Slot::MovedAway => None,
        }
    }

    /// The line of the row that already set the activity `id` at `cell`, if one did.
    fn claimed_by(&self, id: &str, cell: Cell) -> Option<u64> {
        let seat = self.seats.get(cell.cluster)?.get(cell.activity)?;
        seat.line.filter(|_| seat.holds(id))
    }

    /// The index of the row's cluster, added (last) when the programme does not have it.
    fn cluster_for(&mut self, row: &Row, found: Option<usize>) -> usize {
        let c = if let Some(c) = found {
            if !row.cluster_id.is_empty() && self.programme.clusters[c].name != row.cluster {
                let old =
                    std::mem::replace(&mut self.programme.clusters[c].name, row.cluster.clone());
                if let Some(holders) = self.cluster_names.get_mut(&old) {
                    holders.retain(|&i| i != c);
                }
                let holders = self.cluster_names.entry(row.cluster.clone()).or_default();
                let at = holders.partition_point(|&i| i < c);
                holders.insert(at, c);
            }
            c
        } else {
            let id = match &row.cluster_id {
                // Every cluster's id is in `cluster_ids`: no need to search the clusters.
                id if id.is_empty() => unique_slug(&row.cluster, "cluster", |candidate| {
                    self.cluster_ids.contains_key(candidate)
                }),
                id => id.clone(),
            };
            let c = self.programme.clusters.len();
            self.cluster_ids.entry(id.clone()).or_insert(c);
            let holders = self.cluster_names.entry(row.cluster.clone()).or_default();
            holders.push(c);
            self.programme
                .clusters
                .push(Cluster::new(id, row.cluster.clone()));
            self.seats.push(Vec::new());
            self.named_by.push(None);
            c
        };
        self.named_by[c].get_or_insert_with(|| (row.cluster.clone(), row.line));
        c
    }

    /// Updates the activity `id` at `cell` from the row's `activity`, moving it to cluster `c`
    /// if it is in another one. Answers where it is now.
    fn update_or_move(
        &mut self,
        activity: &Activity,
        id: &str,
        cell: Cell,
        c: usize,
    ) -> Result<Cell, RowError> {
        let seat = self.seats[cell.cluster].get_mut(cell.activity);
        let Some(seat) = seat.filter(|seat| seat.holds(id)) else {
            // The index is kept in step with every move; this is only a guard.
            return Err(RowError::LostTrack(id.to_string()));
        };
        if cell.cluster == c {
            if let Slot::Placed(placed) = &mut seat.slot {
                update_keeping(placed, &mut seat.before, seat.origin, activity, self.fields);
            }
            return Ok(cell);
        }
        let Slot::Placed(mut moved) = std::mem::replace(&mut seat.slot, Slot::MovedAway) else {
            return Ok(cell);
        };
        let (origin, mut before) = (seat.origin.take(), seat.before.take());
        update_keeping(&mut moved, &mut before, origin, activity, self.fields);
        self.seats[c].push(Seat {
            origin,
            before,
            ..Seat::new(Slot::Placed(moved))
        });
        let now = Cell::new(c, self.seats[c].len() - 1);
        self.cells.insert(id.to_string(), now);
        Ok(now)
    }

    /// Adds the row's activity at the end of cluster `c`; answers where.
    fn add(&mut self, activity: Activity, c: usize) -> Cell {
        let cell = Cell::new(c, self.seats[c].len());
        if activity.id.is_empty() {
            self.seats[c].push(Seat::new(Slot::Pending(activity)));
            return cell;
        }
        self.cells.insert(activity.id.clone(), cell);
        self.seats[c].push(Seat::new(Slot::Placed(activity)));
        cell
    }

    /// The cluster a row names: by id when it gives one, otherwise by name.
    fn find_cluster(&self, row: &Row) -> Option<usize> {
        if row.cluster_id.is_empty() {
            self.cluster_names.get(&row.cluster)?.first().copied()
        } else {
            self.cluster_ids.get(&row.cluster_id).copied()
        }
    }

    /// The activity a row is about, with its id and cell, if it is already there.
    fn find_activity<'r>(
        &self,
        wanted: &'r Activity,
        found: Option<&'r str>,
    ) -> Option<(&'r str, Cell)> {
        let id = if wanted.id.is_empty() {
            found?
        } else {
            &wanted.id
        };
        let cell = *self.cells.get(id)?;
        Some((id, cell))
    }

    /// Once every row is in: drops what moves left behind, sorts each cluster by the positions
    /// rows gave (an activity without one keeps its place), gives pending activities ids in
    /// display order, and puts the activities back into their clusters. Answers which line set
    /// each activity, and what became of those the programme had.
    fn finish(self) -> (RowLines, Before) {
        let ordered: Vec<Vec<Seat>> = self.seats.into_iter().map(by_position).collect();
        let pending = |seat: &Seat| matches!(seat.slot, Slot::Pending(_));
        // Only rows without ids need the ids taken; most sheets give every row one.
        let mut ids = ordered.iter().flatten().any(pending).then(|| {
            ActivityIds::new(
                ordered
                    .iter()
                    .flatten()
                    .filter_map(|seat| match &seat.slot {
                        Slot::Placed(a) => Some(a.id.clone()),
                        _ => None,
                    }),
            )
        });
        let mut lines = Vec::with_capacity(ordered.len());
        let mut before = Vec::new();
        for (c, (cluster, seats)) in self.programme.clusters.iter_mut().zip(ordered).enumerate() {
            cluster.activities = Vec::with_capacity(seats.len());
            let mut cluster_lines = Vec::with_capacity(seats.len());
            for seat in seats {
                if let Some(old) = seat.origin {
                    let now = Some(Cell::new(c, cluster.activities.len()));
                    before.push(Was {
                        old,
                        now,
                        value: seat.before,
                    });
                }
                let activity = match seat.slot {
                    Slot::Placed(activity) => activity,
                    Slot::Pending(mut activity) => {
                        if let Some(ids) = &mut ids {
                            activity.id = ids.make(&activity.title);
                        }
                        activity
                    }
                    Slot::MovedAway => continue,
                };
                cluster.activities.push(activity);
                cluster_lines.push(seat.line);
            }
            lines.push(cluster_lines);
        }
        before.sort_unstable_by_key(|was| was.old);
        (RowLines(lines), Before(before))
    }
}

/// A cluster's seats without those moves left, sorted by the positions rows gave.
/// Sorted in place: most sheets give their rows in order, and the seats need not move then.
fn by_position(mut seats: Vec<Seat>) -> Vec<Seat> {
    seats.retain(|seat| !matches!(seat.slot, Slot::MovedAway));
    for (i, seat) in seats.iter_mut().enumerate() {
        seat.position.get_or_insert(i + 1);
    }
    seats.sort_by_key(|seat| seat.position);
    seats
}

/// For each row without an id, the activity of the programme (as it was before the rows) it is
/// about. With [`TitleMatch::Same`], the one activity of its cluster with the same title as
/// compared (case, accents and punctuation aside), and for the rest the activity `diff` would
/// take, as a hint only. With [`TitleMatch::Similar`], by the rules of `wpmatrix diff`: within
/// one year, a `follow_up_of` ties a row to the activity that follows up the same one.
/// Activities that rows name by id are not candidates.
fn match_rows(rows: &[Row], programme: &Programme, titles: TitleMatch) -> Vec<Found> {
    // A new programme, or rows that all give ids: nothing to match (and nothing to index).
    if programme.activity_count() == 0 || rows.iter().all(|r| !r.activity.id.is_empty()) {
        return vec![Found::Nothing; rows.len()];
    }
    let old_cells: Vec<(usize, usize, &Activity)> = programme
        .activities()
        .map(|(cell, a)| (cell.cluster, cell.activity, a))
        .collect();
    let named: std::collections::HashSet<&str> = rows
        .iter()
        .map(|r| r.activity.id.as_str())
        .filter(|id| !id.is_empty())
        .collect();
    let old_done: Vec<bool> = old_cells
        .iter()
        .map(|(_, _, a)| named.contains(a.id.as_str()))
        .collect();
    let clusters: HashMap<&str, usize> = programme
        .clusters
        .iter()
        .enumerate()
        .rev()
        .flat_map(|(c, cluster)| [(cluster.id.as_str(), c), (cluster.name.as_str(), c)])
        .collect();
    // A row's place in its cluster: the position it gives, else its order among the cluster's
    // rows.
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let seekers: Vec<Seeker<'_>> = rows
        .iter()
        .map(|row| {
            let key = if row.cluster_id.is_empty() {
                row.cluster.as_str()
            } else {
                row.cluster_id.as_str()
            };
            let count = seen.entry(key).or_default();
            *count += 1;
            Seeker {
                activity: &row.activity,
                old_cluster: clusters.get(key).copied(),
                position: row.position.unwrap_or(*count).saturating_sub(1),
            }
        })
        .collect();
    let mut new_done: Vec<bool> = rows.iter().map(|r| !r.activity.id.is_empty()).collect();
    let mut old_done = old_done;
    let mut found = vec![Found::Nothing; rows.len()];
    if titles == TitleMatch::Same {
        for (n, o) in same_titles(&old_cells, &seekers, &new_done, &old_done) {
            new_done[n] = true;
            old_done[o] = true;
            found[n] = Found::Is(old_cells[o].2.id.clone());
        }
    }
    let link = FollowUpLink {
        old: |a: &Activity| a.follow_up_of.clone(),
        new: |a: &Activity| a.follow_up_of.clone(),
    };
    let matched = match_without_id(&old_cells, &seekers, &new_done, &old_done, &link);
    for (n, matched) in matched.into_iter().enumerate() {
        if let Some((o, _)) = matched {
            let id = old_cells[o].2.id.clone();
            found[n] = match titles {
                TitleMatch::Same => Found::Like(id),
                TitleMatch::Similar => Found::Is(id),
            };
        }
    }
    found
}

/// Pairs of a row without an id (`n`, not done) and the activity it unmistakably is (`o`, not
/// done): the only one in the row's cluster whose title is the row's, case, accents and
/// punctuation aside, and wanted by no other such row.
fn same_titles(
    old_cells: &[(usize, usize, &Activity)],
    seekers: &[Seeker<'_>],
    new_done: &[bool],
    old_done: &[bool],
) -> Vec<(usize, usize)> {
    let mut by_title: HashMap<(usize, String), Vec<usize>> = HashMap::new();
    for (o, (c, _, a)) in old_cells.iter().enumerate() {
        if !old_done[o] {
            by_title
                .entry((*c, normalise(&a.title)))
                .or_default()
                .push(o);
        }
    }
    let wanted: Vec<Option<(usize, String)>> = seekers
        .iter()
        .enumerate()
        .map(|(n, s)| {
            let c = s.old_cluster.filter(|_| !new_done[n])?;
            Some((c, normalise(&s.activity.title)))
        })
        .collect();
    let mut wanted_by: HashMap<&(usize, String), usize> = HashMap::new();
    for key in wanted.iter().flatten() {
        *wanted_by.entry(key).or_default() += 1;
    }
    wanted
        .iter()
        .enumerate()
        .filter_map(|(n, key)| {
            let key = key.as_ref()?;
            match (by_title.get(key)?.as_slice(), wanted_by.get(key)) {
                ([o], Some(1)) => Some((n, *o)),
                _ => None,
            }
        })
        .collect()
}

/// Removes the activities no row set (`lines` and `before` are what [`apply`] answered for
/// `programme`), for an import that makes the programme what the sheet says; `before` keeps
/// the removed ones' values. Answers how many went.
pub fn prune(programme: &mut Programme, lines: &RowLines, before: &mut Before) -> usize {
    // For each cell, where its activity is after the pruning, or the activity removed.
    let mut now: Vec<Vec<Result<usize, Option<Box<OldValue>>>>> = Vec::new();
    let mut removed = 0;
    for (c, cluster) in programme.clusters.iter_mut().enumerate() {
        let mut kept = Vec::with_capacity(cluster.activities.len());
        let mut cells = Vec::with_capacity(cluster.activities.len());
        for (p, activity) in std::mem::take(&mut cluster.activities)
            .into_iter()
            .enumerate()
        {
            if lines.line(Cell::new(c, p)).is_some() {
                cells.push(Ok(kept.len()));
                kept.push(activity);
            } else {
                cells.push(Err(Some(OldValue::whole(activity))));
                removed += 1;
            }
        }
        cluster.activities = kept;
        now.push(cells);
    }
    for was in &mut before.0 {
        let Some(cell) = was.now else { continue };
        match now
            .get_mut(cell.cluster)
            .and_then(|c| c.get_mut(cell.activity))
        {
            Some(Ok(p)) => was.now = Some(Cell::new(cell.cluster, *p)),
            // A row set none of the removed: each is its old value.
            Some(Err(activity)) => {
                was.now = None;
                was.value = activity.take();
            }
            // Every activity is in the programme the rows left: nothing to follow.
            None => {}
        }
    }
    removed
}

/// How many activities of the programme no row set: what `prune` would remove.
pub fn unclaimed(programme: &Programme, lines: &RowLines) -> usize {
    programme
        .activities()
        .filter(|(cell, _)| lines.line(*cell).is_none())
        .count()
}

/// The date an `--into` import writes where a sheet gives `incoming` for a date that was
/// `existing`: a day that is the first day of the existing month or quarter (or, for an `end`,
/// its last day) is that month or quarter come back through a spreadsheet, which writes months
/// as their first day. Any other date is the planner's change and is taken as it comes.
pub fn keep_precision(existing: Option<PlanDate>, incoming: PlanDate, end: bool) -> PlanDate {
    let (Some(existing), PlanDate::Day(day)) = (existing, incoming) else {
        return incoming;
    };
    if matches!(existing, PlanDate::Day(_)) {
        return incoming;
    }
    let same = day == existing.first_day() || (end && day == existing.last_day());
    if same { existing } else { incoming }
}

/// The row's start and end as an update of `existing` writes them: a day that is a month or
/// quarter of the activity come back through a spreadsheet keeps that precision.
fn restored_dates(
    existing: Option<&Activity>,
    row: &Activity,
) -> (Option<PlanDate>, Option<PlanDate>) {
    let kept = |existing: Option<PlanDate>, incoming: Option<PlanDate>, end| {
        incoming.map(|d| keep_precision(existing, d, end))
    };
    (
        kept(existing.and_then(|a| a.start), row.start, false),
        kept(existing.and_then(|a| a.end), row.end, true),
    )
}

/// [`update`], keeping in `before` the activity's value before it when the activity was in the
/// programme (`origin`) and the row changes it: only changed activities are kept twice.
fn update_keeping(
    activity: &mut Activity,
    before: &mut Option<Box<OldValue>>,
    origin: Option<Cell>,
    row: &Activity,
    fields: &[Field],
) {
    if origin.is_none() || before.is_some() {
        // A value kept already stays whole through a further change.
        if let Some(value) = before {
            let OldValue {
                activity: old,
                shared,
            } = value.as_mut();
            shared.restore(old, activity);
        }
        update(activity, row, fields);
        return;
    }
    let mut old = activity.clone();
    update(activity, row, fields);
    if *activity != old {
        // Only what the row changed is kept apart.
        let shared = Shared::take_from(&mut old, activity);
        *before = Some(Box::new(OldValue {
            activity: old,
            shared,
        }));
    }
}

/// Copies the fields the sheet has; an empty id leaves the activity's own, and the dates keep
/// their precision (see [`restored_dates`]).
fn update(activity: &mut Activity, row: &Activity, fields: &[Field]) {
    let (start, end) = restored_dates(Some(activity), row);
    for &field in fields {
        if field == Field::Id && row.id.is_empty() {
            continue;
        }
        match field {
            Field::Start => activity.start = start,
            Field::End => activity.end = end,
            _ => {}
        }
        if matches!(field, Field::Start | Field::End) {
            continue;
        }
        if field == Field::Values {
            // The sheet's own columns only: the values of the others stay, and an empty cell
            // clears the value.
            for (id, value) in &row.values {
                if value.is_empty() {
                    activity.values.remove(id);
                } else {
                    activity.values.insert(id.clone(), value.clone());
                }
            }
            continue;
        }
        activity.copy_from(row, field);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(line: u64, cluster_id: &str, id: &str, title: &str) -> Row {
        Row {
            line,
            year: None,
            cluster_id: cluster_id.into(),
            cluster: cluster_id.to_uppercase(),
            position: None,
            activity: Activity::new(id, title),
        }
    }

    #[test]
    fn a_changed_activity_keeps_apart_only_what_the_row_changed_and_is_whole_when_kept_again() {
        let mut p = Programme::new(2022, "WP");
        let mut a = Cluster::new("a", "A");
        let mut x = Activity::new("x", "X");
        x.description = "A long description that the row leaves alone.".into();
        x.notes = "Notes too.".into();
        a.activities.push(x.clone());
        p.clusters.push(a);
        let fields = [Field::Id, Field::Title];
        let Applied { mut before, .. } = apply(
            vec![row(2, "a", "x", "Ex")],
            &fields,
            &mut p,
            TitleMatch::Same,
        );
        let value = before.0[0].value.as_ref().unwrap();
        // The title is kept as it was; the description and notes are taken from the activity.
        assert_eq!(value.activity.title, "X");
        assert_eq!(value.activity.description, "");
        assert!(!value.shared.is_empty());
        let now = p.activity(Cell::new(0, 0)).unwrap();
        assert_eq!(value.shared.restored(&value.activity, now), x);
        let shared = before.shared(&p);
        assert_eq!(shared.len(), 1);
        assert!(shared[0].is_some());
        // About to change again (an own-field value cleared): kept whole first.
        let at = before.by_now();
        before.keep(&at, Cell::new(0, 0), now);
        let value = before.0[0].value.as_ref().unwrap();
        assert!(value.shared.is_empty());
        assert_eq!(value.activity, x);
    }

    #[test]
    fn row_lines_follow_activities_moved_added_and_left_alone() {
        let mut p = Programme::new(2022, "WP");
        let mut a = Cluster::new("a", "A");
        for id in ["x", "y", "z"] {
            a.activities.push(Activity::new(id, id.to_uppercase()));
        }
        p.clusters.push(a);
        let old = p.clone();
        // x moves to a new cluster b, z is retitled in place, a row without an id is added to
        // a; y is in no row.
        let rows = vec![
            row(2, "b", "x", "X"),
            row(3, "a", "z", "Zed"),
            row(4, "a", "", "New"),
        ];
        let fields = [Field::Id, Field::Title];
        let Applied {
            problems,
            lines,
            mut before,
            ..
        } = apply(rows, &fields, &mut p, TitleMatch::Same);
        assert_eq!(problems, []);
        let ids: Vec<Vec<&str>> = p
            .clusters
            .iter()
            .map(|c| c.activities.iter().map(|a| a.id.as_str()).collect())
            .collect();
        assert_eq!(ids, [vec!["y", "z", "new"], vec!["x"]]);
        assert_eq!(
            lines,
            RowLines(vec![vec![None, Some(3), Some(4)], vec![Some(2)]])
        );
        let by_id = lines.by_id(&p);
        assert_eq!(by_id.get("new"), Some(&4));
        assert_eq!(by_id.get("y"), None);
        // Only the changed activity's old value is kept; the others are where they are now.
        let kept: Vec<(&str, Option<Cell>)> = before
            .0
            .iter()
            .filter_map(|was| Some((was.value.as_ref()?.activity.title.as_str(), was.now)))
            .collect();
        assert_eq!(kept, [("Z", Some(Cell::new(0, 1)))]);
        before.restore_names(&p);
        let old_cells = |before: &Before, p: &Programme| -> Vec<(usize, usize, Activity)> {
            let cells = before.cells(p).into_iter();
            cells
                .map(|(c, a, activity)| (c, a, activity.clone()))
                .collect()
        };
        let was: Vec<(usize, usize, Activity)> = old
            .activities()
            .map(|(cell, a)| (cell.cluster, cell.activity, a.clone()))
            .collect();
        assert_eq!(old_cells(&before, &p), was);
        assert!(!before.unchanged(&p));
        assert_eq!(unclaimed(&p, &lines), 1);
        assert_eq!(prune(&mut p, &lines, &mut before), 1);
        assert_eq!(p.find("y"), None);
        assert_eq!(p.activity_count(), 3);
        // The removed activity is kept as it was.
        assert_eq!(old_cells(&before, &p), was);
    }
}
