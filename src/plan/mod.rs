//! Proposals for the program manager: who could take on load, as commands to run. Built on the
//! load model ([`crate::load`]); plain data for `pm balance`, PM205's help and `pm request
//! fill`; nothing here prints.

pub mod balance;

#[cfg(test)]
mod tests;
