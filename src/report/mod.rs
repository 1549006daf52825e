//! Programmes as plain text for people: the grid and the timeline that `show` prints, and the
//! activity-level differences that `diff`, the git drivers and `import --dry-run` print, how the
//! year went (`report`) and frequency tables (`stats`).

pub mod diff;
mod grid;
pub mod linear;
pub mod progress;
pub mod stats;
pub mod timeline;

pub use grid::{grid, heading};
pub use linear::linear;
pub use timeline::{MAX_WIDTH, MIN_WIDTH as TIMELINE_MIN_WIDTH, timeline, titled_timeline};
