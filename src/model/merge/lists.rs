//! Three-way merge of a list field by the identity of its items, for when both sides changed
//! the field: sessions by id, outputs by title, own-field values by field id, leads and themes
//! by themselves. Changes to different items merge; two different changes to one item are a
//! conflict of the whole field. Two sessions added on both sides under one new id are both
//! kept, theirs under the next free id (it was never merged, so nobody relied on it yet).

use super::FieldValue;
use crate::model::{Output, OwnValues, Session};

/// The merged value, or `None` when one item was changed differently on both sides (or the
/// value is no list with identities).
pub(super) fn merge(
    base: Option<&FieldValue>,
    ours: &FieldValue,
    theirs: &FieldValue,
) -> Option<FieldValue> {
    match (base, ours, theirs) {
        (b, FieldValue::Sessions(o), FieldValue::Sessions(t)) => {
            let b = match b {
                Some(FieldValue::Sessions(b)) => b.as_slice(),
                _ => &[],
            };
            merge_sessions(b, o, t).map(FieldValue::Sessions)
        }
        (b, FieldValue::Outputs(o), FieldValue::Outputs(t)) => {
            let b = match b {
                Some(FieldValue::Outputs(b)) => b.as_slice(),
                _ => &[],
            };
            let key = |o: &Output| o.title.clone();
            merge_keyed(b, o, t, key, |_, _| None).map(FieldValue::Outputs)
        }
        (b, FieldValue::List(o), FieldValue::List(t)) => {
            let b = match b {
                Some(FieldValue::List(b)) => b.as_slice(),
                _ => &[],
            };
            merge_keyed(b, o, t, String::clone, |_, _| None).map(FieldValue::List)
        }
        (b, FieldValue::Values(o), FieldValue::Values(t)) => {
            let pairs = |v: &OwnValues| -> Vec<(String, String)> {
                v.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
            };
            let b = match b {
                Some(FieldValue::Values(b)) => pairs(b),
                _ => Vec::new(),
            };
            let key = |(k, _): &(String, String)| k.clone();
            merge_keyed(&b, &pairs(o), &pairs(t), key, |_, _| None)
                .map(|merged| FieldValue::Values(merged.into_iter().collect()))
        }
        _ => None,
    }
}

/// Sessions by id; both sides' new sessions under one id are both kept.
fn merge_sessions(base: &[Session], ours: &[Session], theirs: &[Session]) -> Option<Vec<Session>> {
    let mut next = base
        .iter()
        .chain(ours)
        .chain(theirs)
        .map(|s| s.id)
        .max()
        .unwrap_or(0);
    merge_keyed(
        base,
        ours,
        theirs,
        |s| s.id,
        |_, added| {
            next = next.saturating_add(1);
            Some(Session {
                id: next,
                ..added.clone()
            })
        },
    )
}

/// Merges items by `key`: ours' order, then what only theirs has. An item both sides added
/// differently goes to `both_added` (ours is kept; it answers theirs under a new identity, or
/// `None` for a conflict).
/// The item of `list` with key `k`.
fn find<'l, T, K: PartialEq>(list: &'l [T], key: &impl Fn(&T) -> K, k: &K) -> Option<&'l T> {
    list.iter().find(|item| key(item) == *k)
}

#[expect(
    clippy::match_same_arms,
    reason = "the cases of a three-way merge, each with its own reason"
)]
fn merge_keyed<T: Clone + PartialEq, K: PartialEq>(
    base: &[T],
    ours: &[T],
    theirs: &[T],
    key: impl Fn(&T) -> K,
    mut both_added: impl FnMut(&T, &T) -> Option<T>,
) -> Option<Vec<T>> {
    let mut out = Vec::with_capacity(ours.len().max(theirs.len()));
    let mut renamed = Vec::new();
    for item in ours {
        let k = key(item);
        let (b, t) = (find(base, &key, &k), find(theirs, &key, &k));
        match (b, t) {
            // Theirs removed it: kept only if ours changed it (then it is a conflict).
            (Some(b), None) if b == item => {}
            (Some(_), None) => return None,
            (b, Some(t)) if t == item || b == Some(t) => out.push(item.clone()),
            (Some(b), Some(t)) if b == item => out.push(t.clone()),
            (Some(_), Some(_)) => return None,
            (None, Some(t)) => {
                out.push(item.clone());
                renamed.push(both_added(item, t)?);
            }
            (None, None) => out.push(item.clone()),
        }
    }
    for item in theirs {
        let k = key(item);
        if find(ours, &key, &k).is_some() {
            continue;
        }
        match find(base, &key, &k) {
            // Ours removed it: gone, unless theirs changed it.
            Some(b) if b == item => {}
            Some(_) => return None,
            None => out.push(item.clone()),
        }
    }
    out.extend(renamed);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(id: u32, place: &str) -> Session {
        Session {
            id,
            place: place.into(),
            ..Session::default()
        }
    }

    #[test]
    fn sessions_added_on_both_sides_are_both_kept() {
        let base = vec![session(1, "Lyon")];
        let ours = vec![session(1, "Lyon"), session(2, "Prague")];
        let theirs = vec![session(1, "Lyon"), session(2, "Rome")];
        let merged = merge_sessions(&base, &ours, &theirs).unwrap();
        assert_eq!(
            merged,
            [session(1, "Lyon"), session(2, "Prague"), session(3, "Rome")]
        );
    }

    #[test]
    fn one_session_changed_on_both_sides_is_a_conflict() {
        let base = vec![session(1, "Lyon")];
        assert_eq!(
            merge_sessions(&base, &[session(1, "Paris")], &[session(1, "Nice")]),
            None
        );
        // Different sessions changed: both changes kept.
        let base = vec![session(1, "Lyon"), session(2, "Rome")];
        let ours = vec![session(1, "Paris"), session(2, "Rome")];
        let theirs = vec![session(1, "Lyon"), session(2, "Milan")];
        assert_eq!(
            merge_sessions(&base, &ours, &theirs),
            Some(vec![session(1, "Paris"), session(2, "Milan")])
        );
    }

    #[test]
    fn a_removal_on_one_side_wins_over_no_change() {
        let base = vec![session(1, "Lyon"), session(2, "Rome")];
        let ours = vec![session(1, "Lyon")];
        let theirs = vec![session(1, "Lyon"), session(2, "Rome"), session(3, "Oslo")];
        assert_eq!(
            merge_sessions(&base, &ours, &theirs),
            Some(vec![session(1, "Lyon"), session(3, "Oslo")])
        );
    }
}
