//! The domain: programmes, clusters, activities, statuses, formats, planning dates and their
//! validation. Knows nothing of files or terminals.

mod check;
mod format;
mod plan_date;
mod programme;
mod status;

pub use check::{Field, Location, Problem, Severity, Target, check};
pub use format::{Format, KnownFormat, join_formats};
pub use plan_date::{DATE_FORMS, PlanDate, PlanDateError};
pub use programme::{Activity, Cell, Cluster, Programme, parse_follow_up, slug};
pub use status::{Status, UnknownStatus};
