use crate::facts::FileFacts;
use tree_sitter::Node;
pub fn extract(_root: Node<'_>, _src: &[u8], _facts: &mut FileFacts) {}
