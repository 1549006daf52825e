//! The programme as JSON, for other tools: the model's own fields, dates as text.

use crate::model::Programme;

/// Pretty-printed JSON with a final newline.
pub fn to_json(programme: &Programme) -> serde_json::Result<String> {
    let mut text = serde_json::to_string_pretty(programme)?;
    text.push('\n');
    Ok(text)
}
