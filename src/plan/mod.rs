//! Proposals for the program manager, built on the load model ([`crate::load`]): who could take
//! on load, as commands to run (`balance`, for `pm balance`, PM205's help and `pm request
//! fill`), and the whole plan that levels the program (`level`, for `pm level`). Plain data;
//! nothing here prints.

pub mod balance;
pub mod level;

#[cfg(test)]
mod tests;
