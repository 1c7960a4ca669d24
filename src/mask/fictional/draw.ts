/** What a substitute generator draws with: faker seeded per entity, part and attempt. */
import type { Faker } from '@faker-js/faker';
import type { FictionalLocale } from './locale.ts';
import { seedOf } from './seed.ts';
import type { DateShift } from './dates.ts';

export class Drawer {
  constructor(
    private readonly subkey: Buffer,
    readonly locale: FictionalLocale,
    /** Type label and normalized canonical surface: the same entity draws the same everywhere. */
    private readonly entityKey: string,
    /** Raised when a substitute is refused (equal to an original, taken by another entity…). */
    readonly attempt: number,
    readonly dates: DateShift,
  ) {}

  /** Faker seeded for one part of the entity (a name token, a mention): the same part, the same draw. */
  faker(...parts: (string | number)[]): Faker {
    const faker = this.locale.faker;
    faker.seed(seedOf(this.subkey, [this.entityKey, this.attempt, ...parts]));
    return faker;
  }
}
