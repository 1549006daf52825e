//! Rows of activities with their place (a sheet someone filled in), applied to a programme:
//! which activity a row is about, moves between clusters, order by position, ids for new
//! activities. The format the rows came in (CSV) is the exchange layer's; this is the domain.

use std::collections::HashMap;
use std::fmt;

use super::matching::{FollowUpLink, Seeker, match_without_id};
use super::{Activity, ActivityIds, Cell, Cluster, Field, PlanDate, Programme};

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

/// An activity's seat in a cluster while rows come in.
enum Slot {
    /// An activity with its id: one the programme had, or one a row added with an id.
    Placed(Activity),
    /// Added by the row on `line` without an id; it gets one once every row is in.
    Pending { line: u64, activity: Activity },
    /// Left behind by an activity a row moved to another cluster: it keeps the seats after it
    /// where the index says they are, and goes once every row is in.
    MovedAway,
}

/// What a position a row gave belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Key {
    Id(String),
    Pending(u64),
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
/// A row that contradicts an earlier row or the programme is left out and reported.
/// Returns the problems, and for each activity a row set, the line of that row.
pub fn apply(
    rows: &[Row],
    fields: &[Field],
    programme: &mut Programme,
) -> (Vec<RowProblem>, HashMap<String, u64>) {
    let found = match_rows(rows, programme);
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
        cells: programme
            .activities()
            .map(|(cell, a)| (a.id.clone(), cell))
            .collect(),
        slots: programme
            .clusters
            .iter_mut()
            .map(|c| c.activities.drain(..).map(Slot::Placed).collect())
            .collect(),
        programme,
        fields,
        claimed: HashMap::new(),
        named_by: HashMap::new(),
        positions: HashMap::new(),
    };
    let mut problems = Vec::new();
    for (row, found) in rows.iter().zip(found) {
        if let Err(message) = apply.row(row, found) {
            problems.push(RowProblem {
                line: row.line,
                column: None,
                message,
            });
        }
    }
    let claimed = apply.finish();
    (problems, claimed)
}

/// The state of [`apply`] between rows.
struct Apply<'p> {
    programme: &'p mut Programme,
    /// The activities of each cluster while rows come in (the clusters' own lists are empty).
    slots: Vec<Vec<Slot>>,
    fields: &'p [Field],
    /// Where each activity is while rows come in (the programme is too big to search per row).
    cells: HashMap<String, Cell>,
    /// Cluster id → the first cluster with it, and name → the clusters with it, in order.
    cluster_ids: HashMap<String, usize>,
    cluster_names: HashMap<String, Vec<usize>>,
    /// Activity id → the line of the row that set it; a second row for it is an error.
    claimed: HashMap<String, u64>,
    /// Cluster index → the name the first row for it gave, and that row's line.
    named_by: HashMap<usize, (String, u64)>,
    /// The position each row gave its activity.
    positions: HashMap<Key, usize>,
}

impl Apply<'_> {
    /// Applies a row; `found` is the activity a row without an id was matched to.
    fn row(&mut self, row: &Row, found: Option<String>) -> Result<(), String> {
        let year = self.programme.year;
        if let Some(other) = row.year.filter(|y| *y != year) {
            return Err(format!("year {other}, but the programme is for {year}"));
        }
        let cluster = self.find_cluster(row);
        if let Some((name, line)) = cluster.and_then(|c| self.named_by.get(&c))
            && *name != row.cluster
        {
            return Err(format!(
                "cluster {:?} is named {name:?} on line {line}, {:?} here",
                row.cluster_id, row.cluster
            ));
        }
        let target = self.find_activity(&row.activity, found);
        if let Some((id, _)) = &target
            && let Some(line) = self.claimed.get(id)
        {
            return Err(format!("activity {id:?} is already on line {line}"));
        }
        let c = self.cluster_for(row, cluster);
        let key = match target {
            Some((id, cell)) => self.update_or_move(row, &id, cell, c)?,
            None => self.add(row, c),
        };
        if let Some(position) = row.position {
            self.positions.insert(key.clone(), position);
        }
        if let Key::Id(id) = key {
            self.claimed.insert(id, row.line);
        }
        Ok(())
    }

    /// The index of the row's cluster, added (last) when the programme does not have it.
    fn cluster_for(&mut self, row: &Row, found: Option<usize>) -> usize {
        let c = match found {
            Some(c) => {
                if !row.cluster_id.is_empty() && self.programme.clusters[c].name != row.cluster {
                    let old = std::mem::replace(
                        &mut self.programme.clusters[c].name,
                        row.cluster.clone(),
                    );
                    if let Some(holders) = self.cluster_names.get_mut(&old) {
                        holders.retain(|&i| i != c);
                    }
                    let holders = self.cluster_names.entry(row.cluster.clone()).or_default();
                    let at = holders.partition_point(|&i| i < c);
                    holders.insert(at, c);
                }
                c
            }
            None => {
                let id = match &row.cluster_id {
                    id if id.is_empty() => self.programme.unique_cluster_id(&row.cluster),
                    id => id.clone(),
                };
                let c = self.programme.clusters.len();
                self.cluster_ids.entry(id.clone()).or_insert(c);
                let holders = self.cluster_names.entry(row.cluster.clone()).or_default();
                holders.push(c);
                self.programme
                    .clusters
                    .push(Cluster::new(id, row.cluster.clone()));
                self.slots.push(Vec::new());
                c
            }
        };
        self.named_by
            .entry(c)
            .or_insert_with(|| (row.cluster.clone(), row.line));
        c
    }

    /// Updates the activity `id` at `cell` from the row, moving it to cluster `c` if it is in
    /// another one.
    fn update_or_move(&mut self, row: &Row, id: &str, cell: Cell, c: usize) -> Result<Key, String> {
        let slot = self.slots[cell.cluster].get(cell.activity);
        if !matches!(slot, Some(Slot::Placed(a)) if a.id == id) {
            // The index is kept in step with every move; this is only a guard.
            return Err(format!(
                "activity {id:?} was lost track of; the row is left out"
            ));
        }
        if cell.cluster == c {
            if let Some(Slot::Placed(activity)) = self.slots[c].get_mut(cell.activity) {
                update(activity, &row.activity, self.fields);
            }
            return Ok(Key::Id(id.to_string()));
        }
        let seat = &mut self.slots[cell.cluster][cell.activity];
        if let Slot::Placed(mut activity) = std::mem::replace(seat, Slot::MovedAway) {
            update(&mut activity, &row.activity, self.fields);
            self.slots[c].push(Slot::Placed(activity));
            self.cells
                .insert(id.to_string(), Cell::new(c, self.slots[c].len() - 1));
        }
        Ok(Key::Id(id.to_string()))
    }

    /// Adds the row's activity at the end of cluster `c`.
    fn add(&mut self, row: &Row, c: usize) -> Key {
        let activity = row.activity.clone();
        if activity.id.is_empty() {
            self.slots[c].push(Slot::Pending {
                line: row.line,
                activity,
            });
            return Key::Pending(row.line);
        }
        let id = activity.id.clone();
        self.slots[c].push(Slot::Placed(activity));
        self.cells
            .insert(id.clone(), Cell::new(c, self.slots[c].len() - 1));
        Key::Id(id)
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
    fn find_activity(&self, wanted: &Activity, found: Option<String>) -> Option<(String, Cell)> {
        let id = if wanted.id.is_empty() {
            found?
        } else {
            wanted.id.clone()
        };
        let cell = *self.cells.get(&id)?;
        Some((id, cell))
    }

    /// Once every row is in: drops what moves left behind, sorts each cluster by the positions
    /// rows gave (an activity without one keeps its place), gives pending activities ids in
    /// display order, and puts the activities back into their clusters. Answers which line set
    /// each activity.
    fn finish(mut self) -> HashMap<String, u64> {
        let ordered: Vec<Vec<Slot>> = std::mem::take(&mut self.slots)
            .into_iter()
            .map(|slots| self.by_position(slots))
            .collect();
        let mut ids = ActivityIds::new(ordered.iter().flatten().filter_map(|slot| match slot {
            Slot::Placed(a) => Some(a.id.clone()),
            _ => None,
        }));
        for (cluster, slots) in self.programme.clusters.iter_mut().zip(ordered) {
            cluster.activities = slots
                .into_iter()
                .filter_map(|slot| match slot {
                    Slot::Placed(activity) => Some(activity),
                    Slot::Pending { line, mut activity } => {
                        activity.id = ids.make(&activity.title);
                        self.claimed.insert(activity.id.clone(), line);
                        Some(activity)
                    }
                    Slot::MovedAway => None,
                })
                .collect();
        }
        self.claimed
    }

    /// A cluster's seats without those moves left, sorted by the positions rows gave.
    fn by_position(&self, slots: Vec<Slot>) -> Vec<Slot> {
        let mut keyed: Vec<(usize, Slot)> = slots
            .into_iter()
            .filter_map(|slot| {
                let key = match &slot {
                    Slot::Placed(a) => Key::Id(a.id.clone()),
                    Slot::Pending { line, .. } => Key::Pending(*line),
                    Slot::MovedAway => return None,
                };
                Some((key, slot))
            })
            .enumerate()
            .map(|(i, (key, slot))| (self.positions.get(&key).copied().unwrap_or(i + 1), slot))
            .collect();
        keyed.sort_by_key(|(key, _)| *key);
        keyed.into_iter().map(|(_, slot)| slot).collect()
    }
}

/// For each row without an id, the activity of the programme (as it was before the rows) it is
/// about, by the rules of `wpmatrix diff`: within one year, a `follow_up_of` ties a row to the
/// activity that follows up the same one. Activities that rows name by id are not candidates.
fn match_rows(rows: &[Row], programme: &Programme) -> Vec<Option<String>> {
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
    let new_done: Vec<bool> = rows.iter().map(|r| !r.activity.id.is_empty()).collect();
    let link = FollowUpLink {
        old: |a: &Activity| a.follow_up_of.clone(),
        new: |a: &Activity| a.follow_up_of.clone(),
    };
    match_without_id(&old_cells, &seekers, &new_done, &old_done, &link)
        .into_iter()
        .map(|found| found.map(|(o, _)| old_cells[o].2.id.clone()))
        .collect()
}

/// Removes the activities no row set (`claimed` is what [`apply`] answers), for an import that
/// makes the programme what the sheet says. Answers how many went.
pub fn prune(programme: &mut Programme, claimed: &HashMap<String, u64>) -> usize {
    let mut removed = 0;
    for cluster in &mut programme.clusters {
        let before = cluster.activities.len();
        cluster.activities.retain(|a| claimed.contains_key(&a.id));
        removed += before - cluster.activities.len();
    }
    removed
}

/// How many activities of the programme no row set: what `prune` would remove.
pub fn unclaimed(programme: &Programme, claimed: &HashMap<String, u64>) -> usize {
    programme
        .activities()
        .filter(|(_, a)| !claimed.contains_key(&a.id))
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

/// Copies the fields the sheet has; an empty id leaves the activity's own, and a day that is a
/// month or quarter of the activity come back through a spreadsheet keeps that precision.
fn update(activity: &mut Activity, row: &Activity, fields: &[Field]) {
    for &field in fields {
        if field == Field::Id && row.id.is_empty() {
            continue;
        }
        let kept = |existing, incoming: Option<PlanDate>, end| {
            incoming.map(|d| keep_precision(existing, d, end))
        };
        match field {
            Field::Start => activity.start = kept(activity.start, row.start, false),
            Field::End => activity.end = kept(activity.end, row.end, true),
            _ => {}
        }
        if matches!(field, Field::Start | Field::End) {
            continue;
        }
        if let Some(value) = row.get(field) {
            // Read from an activity, so it fits an activity's field.
            let _ = activity.set(field, value);
        }
    }
}
