/**
 * Questions the articles answer well, offered as buttons: the first four greet a new user; when a question
 * is not found, the ones closest to it in meaning are offered instead.
 */
export const SUGGESTED_QUESTIONS = [
  'What did Vance sign in Baku?',
  'What is TRIPP?',
  'Who did Vance meet in Yerevan?',
  'What nuclear deal was agreed with Armenia?',
  'What is Section 907?',
  'When did Azerbaijan take control of Karabakh?',
  'How much are the US nuclear exports to Armenia worth?',
  'Why did human rights groups write to Vance?',
];
export const EXAMPLE_QUESTIONS = SUGGESTED_QUESTIONS.slice(0, 4);
