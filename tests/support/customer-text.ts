/** Random customer-like text (folded) for property tests of the text analysis. */
import fc from 'fast-check';
import { fold } from '../../knowledge/text/fold.ts';

// Pieces customers' text is made of: words (stopwords, inflections, contractions), Chinese,
// digits, punctuation and spaces; random sequences of them.
const piece = fc.oneof(
  fc.constantFrom('the', 'a', 'how', 'long', 'cards', 'card', 'stolen', 'paid', 'cannot', "don't"),
  fc.constantFrom("card's", "won't", "can't", 'transfers', 'refunding', 'hi', 'abroad', "n't"),
  fc.constantFrom('信用卡', '丢了', '密码', '重置', '轉賬', '卡', '怎么办', 'ATM', 'Visa'),
  fc.constantFrom(' ', ' ', ', ', '。', '？', "'", '-', '\n', '１２３', '42'),
  fc.string({ maxLength: 6 }),
);
export const text = fc.array(piece, { maxLength: 30 }).map((p) => fold(p.join('')));
