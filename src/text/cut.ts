/** A text cut to at most `max` characters, the ellipsis included, where a button's or a result's label must fit. */
export const cut = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`);
