/** Raw bytes a terminal sends for the keys the wizard uses (what Ink's parser expects on stdin). */
export const ENTER = '\r';
export const ESC = '\u001B';
export const UP = '\u001B[A';
export const DOWN = '\u001B[B';
export const RIGHT = '\u001B[C';
export const LEFT = '\u001B[D';
export const TAB = '\t';
export const SHIFT_TAB = '\u001B[Z';
export const BACKSPACE = '\u007F';
export const PAGE_DOWN = '\u001B[6~';
export const CTRL_C = '\u0003';
export const CTRL_G = '\u0007';
