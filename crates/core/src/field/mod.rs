//! The hand-off to the field: the limits a certifier is set to for each link
//! ([`limits`]), and measured results judged against them and the design
//! ([`verify`]).

pub mod limits;
pub mod verify;
