/** Small word lists for plausible demo customers and shipments. All people here are made up. */

export const firstNames: readonly string[] = [
  'Ada',
  'Alan',
  'Amara',
  'Anna',
  'Aziz',
  'Beatriz',
  'Chen',
  'Clara',
  'Daniel',
  'Elif',
  'Emma',
  'Fatima',
  'Felix',
  'Grace',
  'Hana',
  'Hugo',
  'Ingrid',
  'Ivan',
  'Jakob',
  'José',
  'Julia',
  'Kwame',
  'Lars',
  'Léa',
  'Lucas',
  'Maja',
  'Marco',
  'Mei',
  'Noah',
  'Nora',
  'Oskar',
  'Priya',
  'Rafael',
  'Sofia',
  'Tomás',
  'Yara',
  'Zoë',
  'Omar',
  'Ines',
  'Pieter',
];

export const lastNames: readonly string[] = [
  'Andersson',
  'Bakker',
  'Bianchi',
  'Costa',
  'Dubois',
  'Fischer',
  'García',
  'Hansen',
  'Horvat',
  'Jansen',
  'Kowalski',
  'Lambert',
  'Lovelace',
  'Martin',
  'Meyer',
  'Moreau',
  'Müller',
  'Nielsen',
  'Novak',
  'O’Brien',
  'Okafor',
  'Papadopoulos',
  'Pereira',
  'Rossi',
  'Schmidt',
  'Silva',
  'Svensson',
  'Tanaka',
  'Turing',
  'Van Dijk',
  'Virtanen',
  'Wagner',
  'Weber',
  'Yilmaz',
  'Zielinski',
  'Hopper',
  'Nakamura',
  'Haddad',
  'Murphy',
  'Kaya',
];

export const emailDomains: readonly string[] = [
  'example.com',
  'example.org',
  'example.net',
  'mail.example.com',
  'post.example.eu',
];

/** Street names and the cities they could be in, with a postcode pattern (# = a digit). */
export const cities: readonly {
  city: string;
  country: string;
  postcode: string;
  streets: readonly string[];
}[] = [
  {
    city: 'Amsterdam',
    country: 'Netherlands',
    postcode: '10## AB',
    streets: ['Prinsengracht', 'Herengracht', 'Kalverstraat'],
  },
  {
    city: 'Berlin',
    country: 'Germany',
    postcode: '10###',
    streets: ['Torstraße', 'Kastanienallee', 'Oranienstraße'],
  },
  {
    city: 'Paris',
    country: 'France',
    postcode: '750##',
    streets: ['Rue des Lilas', 'Rue Oberkampf', 'Boulevard Voltaire'],
  },
  {
    city: 'Lyon',
    country: 'France',
    postcode: '6900#',
    streets: ['Rue de la République', 'Quai Saint-Antoine'],
  },
  {
    city: 'Madrid',
    country: 'Spain',
    postcode: '280##',
    streets: ['Calle de Alcalá', 'Gran Vía', 'Calle Mayor'],
  },
  {
    city: 'Lisbon',
    country: 'Portugal',
    postcode: '1200-###',
    streets: ['Rua Augusta', 'Rua da Prata'],
  },
  {
    city: 'Milan',
    country: 'Italy',
    postcode: '201##',
    streets: ['Via Torino', 'Corso Buenos Aires'],
  },
  {
    city: 'Vienna',
    country: 'Austria',
    postcode: '10#0',
    streets: ['Mariahilfer Straße', 'Praterstraße'],
  },
  {
    city: 'Copenhagen',
    country: 'Denmark',
    postcode: '1###',
    streets: ['Strøget', 'Nørrebrogade'],
  },
  {
    city: 'Dublin',
    country: 'Ireland',
    postcode: 'D0# X###',
    streets: ['Grafton Street', 'Camden Street'],
  },
  {
    city: 'Helsinki',
    country: 'Finland',
    postcode: '00###',
    streets: ['Mannerheimintie', 'Aleksanterinkatu'],
  },
  {
    city: 'Brussels',
    country: 'Belgium',
    postcode: '10##',
    streets: ['Rue Neuve', 'Avenue Louise'],
  },
];

export const carriers: readonly { name: string; prefix: string; digits: number }[] = [
  { name: 'DHL', prefix: 'JD', digits: 16 },
  { name: 'UPS', prefix: '1Z', digits: 16 },
  { name: 'DPD', prefix: '', digits: 14 },
  { name: 'GLS', prefix: '', digits: 11 },
  { name: 'PostNL', prefix: '3S', digits: 13 },
  { name: 'La Poste', prefix: 'LA', digits: 11 },
];

export const placedCancelReasons: readonly string[] = [
  'Customer changed their mind',
  'Ordered by mistake',
  'Duplicate order',
  'Found a better price elsewhere',
];

export const paidCancelReasons: readonly string[] = [
  'Item out of stock',
  'Customer asked to cancel before shipping',
  'Cannot deliver to this address',
];

export const refundReasons: readonly string[] = [
  'Item arrived damaged',
  'Not as described',
  'Defective on arrival',
  'Arrived too late for the occasion',
  'Wrong item sent',
];
