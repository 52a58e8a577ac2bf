/** An article that cannot be added, with a message fit for the person who asked; nothing was written. */
export class Refused extends Error {}
