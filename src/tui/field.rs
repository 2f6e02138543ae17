//! A one-field text editor for the console's dialogs: a cursor, the
//! editing keys a shell user's fingers expect (←/→, Home/End, Ctrl-A/E,
//! Ctrl-U/K/W, Delete), and pastes inserted whole.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::ops::Deref;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Field {
    text: String,
    /// A byte offset in `text`, always on a character boundary.
    cursor: usize,
    /// Prefilled text not yet touched: the first character typed replaces
    /// it, as in any form, instead of being glued to its end.
    fresh: bool,
}

impl Field {
    /// A field holding `text` with the cursor at its end; typing replaces
    /// it until the cursor is moved.
    pub fn prefilled(text: impl Into<String>) -> Field {
        let text = text.into();
        Field {
            cursor: text.len(),
            fresh: !text.is_empty(),
            text,
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn into_text(self) -> String {
        self.text
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// Inserts at the cursor (replacing untouched prefilled text).
    pub fn insert(&mut self, s: &str) {
        if self.fresh {
            self.text.clear();
            self.cursor = 0;
            self.fresh = false;
        }
        self.text.insert_str(self.cursor, s);
        self.cursor += s.len();
    }

    /// Applies an editing key; false when the key is not one (Enter, Esc
    /// and the like are the dialog's business).
    pub fn key(&mut self, key: KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char(c) if !ctrl => {
                let mut buf = [0u8; 4];
                self.insert(c.encode_utf8(&mut buf));
            }
            KeyCode::Home => self.moved(0),
            KeyCode::Char('a') if ctrl => self.moved(0),
            KeyCode::End => self.moved(self.text.len()),
            KeyCode::Char('e') if ctrl => self.moved(self.text.len()),
            KeyCode::Char('b') if ctrl => self.moved(self.prev(self.cursor)),
            KeyCode::Char('f') if ctrl => self.moved(self.next(self.cursor)),
            KeyCode::Left => self.moved(self.prev(self.cursor)),
            KeyCode::Right => self.moved(self.next(self.cursor)),
            KeyCode::Char('u') if ctrl => {
                self.touch();
                self.text.replace_range(..self.cursor, "");
                self.cursor = 0;
            }
            KeyCode::Char('k') if ctrl => {
                self.touch();
                self.text.truncate(self.cursor);
            }
            KeyCode::Char('w') if ctrl => {
                self.touch();
                let start = self.word_start();
                self.text.replace_range(start..self.cursor, "");
                self.cursor = start;
            }
            KeyCode::Backspace => {
                self.touch();
                let start = self.prev(self.cursor);
                self.text.replace_range(start..self.cursor, "");
                self.cursor = start;
            }
            KeyCode::Delete => {
                self.touch();
                let end = self.next(self.cursor);
                self.text.replace_range(self.cursor..end, "");
            }
            _ => return false,
        }
        true
    }

    fn touch(&mut self) {
        self.fresh = false;
    }

    fn moved(&mut self, to: usize) {
        self.fresh = false;
        self.cursor = to;
    }

    fn prev(&self, at: usize) -> usize {
        self.text[..at]
            .char_indices()
            .next_back()
            .map_or(0, |(i, _)| i)
    }

    fn next(&self, at: usize) -> usize {
        self.text[at..]
            .chars()
            .next()
            .map_or(at, |c| at + c.len_utf8())
    }

    /// Where Ctrl-W stops: the start of the word before the cursor, after
    /// any spaces just before it (as in a shell).
    fn word_start(&self) -> usize {
        let before = &self.text[..self.cursor];
        let trimmed = before.trim_end_matches(char::is_whitespace);
        trimmed
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8())
    }
}

impl Deref for Field {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl From<String> for Field {
    /// A field with the cursor at the end, edited as typed (not fresh).
    fn from(text: String) -> Field {
        Field {
            cursor: text.len(),
            fresh: false,
            text,
        }
    }
}

impl From<&str> for Field {
    fn from(text: &str) -> Field {
        Field::from(text.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn ctrl(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    fn typed(f: &mut Field, s: &str) {
        for c in s.chars() {
            f.key(k(KeyCode::Char(c)));
        }
    }

    #[test]
    fn prefilled_text_is_replaced_by_typing_and_kept_by_moving() {
        let mut f = Field::prefilled("Secret leak");
        typed(&mut f, "db password");
        assert_eq!(f.text(), "db password");
        let mut f = Field::prefilled("Secret leak");
        f.key(k(KeyCode::End));
        typed(&mut f, " in CI");
        assert_eq!(f.text(), "Secret leak in CI");
    }

    #[test]
    fn cursor_keys_edit_in_the_middle_across_wide_characters() {
        let mut f = Field::from("警告 ab");
        f.key(k(KeyCode::Home));
        f.key(k(KeyCode::Right));
        typed(&mut f, "x");
        assert_eq!(f.text(), "警x告 ab");
        f.key(k(KeyCode::Backspace));
        f.key(k(KeyCode::Backspace));
        assert_eq!(f.text(), "告 ab");
        f.key(k(KeyCode::Delete));
        assert_eq!(f.text(), " ab");
        f.key(ctrl('e'));
        f.key(k(KeyCode::Left));
        f.key(ctrl('k'));
        assert_eq!(f.text(), " a");
    }

    #[test]
    fn shell_kills_work_as_in_a_shell() {
        let mut f = Field::from("rotate the  key");
        f.key(ctrl('w'));
        assert_eq!(f.text(), "rotate the  ");
        f.key(ctrl('w'));
        assert_eq!(f.text(), "rotate ");
        f.key(ctrl('a'));
        f.key(ctrl('f'));
        f.key(ctrl('u'));
        assert_eq!(f.text(), "otate ");
        assert_eq!(f.cursor(), 0);
    }

    #[test]
    fn a_paste_goes_in_whole_at_the_cursor() {
        let mut f = Field::from("ab");
        f.key(k(KeyCode::Left));
        f.insert("1\n2\n3");
        assert_eq!(f.text(), "a1\n2\n3b");
        assert_eq!(f.cursor(), "a1\n2\n3".len());
    }

    #[test]
    fn enter_and_esc_are_not_editing_keys() {
        let mut f = Field::from("x");
        assert!(!f.key(k(KeyCode::Enter)));
        assert!(!f.key(k(KeyCode::Esc)));
        assert_eq!(f.text(), "x");
    }
}
