/**
 * Guest (Instant PlayPass) PLYR[IDs]: `<color>-<fruit>-<last 6 hex of the address>`, lower-case, spaces as dashes,
 * as the platform builds them from faker's human colours and fruits.
 */
import { randomInt } from 'node:crypto';

const COLORS = [
  'black',
  'blue',
  'cyan',
  'fuchsia',
  'gold',
  'green',
  'grey',
  'indigo',
  'ivory',
  'lavender',
  'lime',
  'magenta',
  'maroon',
  'mint green',
  'olive',
  'orange',
  'orchid',
  'pink',
  'plum',
  'purple',
  'red',
  'salmon',
  'silver',
  'sky blue',
  'tan',
  'teal',
  'turquoise',
  'violet',
  'white',
  'yellow',
];

const FRUITS = [
  'apple',
  'apricot',
  'banana',
  'blackberry',
  'blueberry',
  'cherry',
  'coconut',
  'date',
  'dragonfruit',
  'fig',
  'grape',
  'guava',
  'kiwi',
  'lemon',
  'lychee',
  'mango',
  'melon',
  'nectarine',
  'papaya',
  'peach',
  'pear',
  'pineapple',
  'plum',
  'pomegranate',
  'raspberry',
  'strawberry',
  'watermelon',
];

const pick = (list: string[]): string => list[randomInt(list.length)]!.toLowerCase().replace(/[\s_]+/g, '-');

/** A guest PLYR[ID] for a wallet address. */
export const guestPlyrId = (address: string): string =>
  `${pick(COLORS)}-${pick(FRUITS)}-${address.slice(-6)}`.toLowerCase();
