//! The check of a merge's result: values that are sound on each side but clash once merged
//! (ours sets a start after the end theirs set; a new year on one side against dates of the old
//! one on the other) become conflicts, so a clean merge never writes a file `check` rejects.

use std::collections::HashSet;

use super::{Conflict, ConflictField, ConflictNote, ConflictValue, Merged, note_conflicts};
use crate::model::check::{Problem, Severity, Target, check};
use crate::model::{Activity, Field, FieldValue, Programme};

/// What a problem is about, by id rather than by place: places differ between the versions.
type ProblemKey = (String, Option<Field>, String);

fn problem_key(programme: &Programme, problem: &Problem) -> ProblemKey {
    let thing = match problem.location.target {
        Target::Programme => String::new(),
        Target::Cluster(c) => programme
            .clusters
            .get(c)
            .map(|c| c.id.clone())
            .unwrap_or_default(),
        Target::Activity(cell) => programme
            .activity(cell)
            .map(|a| a.id.clone())
            .unwrap_or_default(),
    };
    (thing, problem.location.field, problem.message.clone())
}

/// The problems a merge can make out of two sound sides: errors (a conflict's own line aside),
/// and a date outside the year (ours moves the year, theirs sets a date of the old one). Other
/// warnings stay warnings.
fn is_clash(problem: &Problem) -> bool {
    match (problem.severity, problem.location.field) {
        (Severity::Error, Some(Field::Notes | Field::Summary)) => false,
        (Severity::Error, _) => true,
        (Severity::Warning, Some(Field::Start | Field::End)) => {
            matches!(problem.location.target, Target::Activity(_))
        }
        (Severity::Warning, _) => false,
    }
}

/// The problems of a merged programme that may be clashes: none, and the merge is settled.
pub(super) fn problems(merged: &Programme) -> Vec<Problem> {
    check(merged).into_iter().filter(is_clash).collect()
}

/// The fields whose values make a problem, besides the programme's year.
fn clashing_fields(problem: &Problem) -> (Vec<Field>, bool) {
    match (problem.severity, problem.location.field) {
        // The end before the start.
        (Severity::Error, Some(Field::End)) => (vec![Field::Start, Field::End], false),
        // A date outside the programme's year.
        (Severity::Warning, Some(field)) => (vec![field], true),
        (_, field) => (field.into_iter().collect(), false),
    }
}

/// Checks the merged programme: a problem (see [`is_clash`]) that neither side had alone comes
/// from combining their values, so it becomes a conflict like two changes of one field. Theirs'
/// part is set back to ours and written down with what it clashes with: `CONFLICT end:
/// ours=none theirs=2022-03 (base none); clashes with ours' start 2022-05-01: end 2022-03 is
/// before start 2022-05-01`; when theirs' part is the year, the programme's year.
pub(super) fn settle_clashes(
    merged: &mut Merged,
    base: Option<&Programme>,
    ours: &Programme,
    theirs: &Programme,
) {
    let problems = problems(&merged.programme);
    if problems.is_empty() {
        return;
    }
    let had = |side: &Programme| -> HashSet<ProblemKey> {
        check(side).iter().map(|p| problem_key(side, p)).collect()
    };
    let (ours_had, theirs_had) = (had(ours), had(theirs));
    let find = |p: &'_ Programme, id: &str| -> Option<Activity> {
        p.activities()
            .find(|(_, a)| a.id == id)
            .map(|(_, a)| a.clone())
    };
    let mut year_settled = false;
    for problem in problems {
        let key = problem_key(&merged.programme, &problem);
        if ours_had.contains(&key) || theirs_had.contains(&key) {
            continue;
        }
        let Target::Activity(cell) = problem.location.target else {
            continue;
        };
        let Some(now) = merged.programme.activity(cell).cloned() else {
            continue;
        };
        let (Some(o), Some(t)) = (find(ours, &now.id), find(theirs, &now.id)) else {
            continue;
        };
        let (fields, year) = clashing_fields(&problem);
        let from_theirs = |f: &&Field| {
            let value = now.get(**f);
            value == t.get(**f) && value != o.get(**f)
        };
        let (taken, kept): (Vec<Field>, Vec<Field>) = fields.iter().partition(from_theirs);
        let year_from_theirs =
            year && merged.programme.year == theirs.year && merged.programme.year != ours.year;
        let mut with: Vec<String> = kept
            .iter()
            .filter_map(|f| Some(format!("{f} {}", now.get(*f)?.plain())))
            .collect();
        if year && !year_from_theirs {
            with.push(format!("year {}", merged.programme.year));
        }
        let detail = if with.is_empty() {
            problem.message.clone()
        } else {
            format!(
                "clashes with ours' {}: {}",
                with.join(", "),
                problem.message
            )
        };
        if !taken.is_empty() {
            let before = base.and_then(|b| find(b, &now.id));
            let mut notes = Vec::new();
            let mut settled = now.clone();
            for field in taken {
                let (Some(ours_value), Some(theirs_value)) = (o.get(field), t.get(field)) else {
                    continue;
                };
                // The value is ours' own, of the field's kind.
                drop(settled.set(field, ours_value.clone()));
                notes.push(ConflictNote {
                    field: ConflictField::Field(field),
                    ours: ours_value.into(),
                    theirs: theirs_value.into(),
                    base: before
                        .as_ref()
                        .and_then(|b| b.get(field))
                        .map(ConflictValue::from),
                    detail: detail.clone(),
                    line: 0,
                });
            }
            let id = settled.id.clone();
            note_conflicts(&mut settled, &id, notes, &mut merged.conflicts);
            if let Some(a) = merged.programme.activity_mut(cell) {
                *a = settled;
            }
        } else if year_from_theirs && !year_settled {
            year_settled = true;
            let programme = &mut merged.programme;
            let what = format!(
                "clashes with ours' {} of {:?}: {}",
                with.join(", "),
                now.id,
                problem.message
            );
            let mut note = ConflictNote {
                field: ConflictField::Field(Field::Year),
                ours: FieldValue::Year(ours.year).into(),
                theirs: FieldValue::Year(theirs.year).into(),
                base: base.map(|b| FieldValue::Year(b.year).into()),
                detail: what,
                line: 0,
            };
            programme.year = ours.year;
            note.append_to(&mut programme.notes);
            merged.conflicts.push(Conflict {
                place: "programme".into(),
                note,
            });
        }
    }
}
