//! The hash maps and sets of id look-ups. A large design looks ids up
//! millions of times (catalog ids, panels, trunks, groups of rows); std's
//! SipHash was a twentieth of planning and budgeting 100,000 rows. foldhash is
//! seeded per run, so no order of iteration is relied on, and it keeps some
//! resistance to crafted keys.

pub type Map<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
pub type Set<T> = std::collections::HashSet<T, foldhash::fast::RandomState>;
/// The hasher behind [`Map`] and [`Set`], for hashing a key once and grouping by it.
pub type Hasher = foldhash::fast::RandomState;
