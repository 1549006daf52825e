//! Counts with their nouns in English: `1 activity`, `2 activities`, `3 matches`, `2 people`.

/// A count with its noun: `1 activity`, `2 activities`, `0 clusters`, `3 matches`.
pub fn plural(count: usize, word: &str) -> String {
    if count == 1 {
        format!("1 {word}")
    } else {
        format!("{count} {}", plural_of(word))
    }
}

/// The plural of an English noun, for the nouns a program speaks of: irregular ones by name,
/// then the rules of spelling (`-s`, `-x`, `-z`, `-ch`, `-sh` take `-es`; a consonant and `-y`
/// take `-ies`; anything else `-s`).
pub fn plural_of(word: &str) -> String {
    const IRREGULAR: [(&str, &str); 6] = [
        ("person", "people"),
        ("child", "children"),
        ("datum", "data"),
        ("index", "indices"),
        ("series", "series"),
        ("criterion", "criteria"),
    ];
    if let Some((_, many)) = IRREGULAR.iter().find(|(one, _)| *one == word) {
        return (*many).to_string();
    }
    let lower = word.to_ascii_lowercase();
    if ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|end| lower.ends_with(end))
    {
        return format!("{word}es");
    }
    if let Some(stem) = word.strip_suffix('y') {
        let before = stem.chars().last().map(|c| c.to_ascii_lowercase());
        if !matches!(before, Some('a' | 'e' | 'i' | 'o' | 'u') | None) {
            return format!("{stem}ies");
        }
    }
    format!("{word}s")
}

#[cfg(test)]
mod tests {
    use super::plural;

    #[test]
    fn plural_follows_english_spelling() {
        assert_eq!(plural(1, "activity"), "1 activity");
        assert_eq!(plural(2, "activity"), "2 activities");
        assert_eq!(plural(0, "cluster"), "0 clusters");
        assert_eq!(plural(3, "match"), "3 matches");
        assert_eq!(plural(2, "box"), "2 boxes");
        assert_eq!(plural(2, "status"), "2 statuses");
        assert_eq!(plural(2, "wish"), "2 wishes");
        assert_eq!(plural(2, "day"), "2 days");
        assert_eq!(plural(2, "key"), "2 keys");
        assert_eq!(plural(2, "person"), "2 people");
        assert_eq!(plural(1, "person"), "1 person");
        assert_eq!(plural(2, "y"), "2 ys");
    }
}
