/**
 * Large cities that are not capitals (the gazetteer's loc-cities list has capitals, US cities and
 * English towns only): without them "Kharkiv" or "Izmir" is a capitalized word the rules call PERSON.
 * Hand-picked: cities of about a million inhabitants or more, and the regional centres of the member
 * States of the Council of Europe that ECHR judgments name most, in their usual English spellings.
 */
export const WORLD_CITIES: readonly string[] = [
  // Ukraine, Russia, Belarus, Moldova, Caucasus
  'Kharkiv', 'Kharkov', 'Odesa', 'Odessa', 'Lviv', 'Dnipro', 'Dnipropetrovsk', 'Donetsk', 'Zaporizhzhia', 'Luhansk', 'Mykolaiv',
  'Mariupol', 'Vinnytsia', 'Poltava', 'Chernihiv', 'Sumy', 'Kherson', 'Simferopol', 'Sevastopol', 'Ivano-Frankivsk', 'Ternopil',
  'Uzhhorod', 'Chernivtsi', 'Zhytomyr', 'Rivne', 'Lutsk', 'Saint Petersburg', 'St Petersburg', 'Novosibirsk', 'Yekaterinburg',
  'Kazan', 'Nizhny Novgorod', 'Chelyabinsk', 'Samara', 'Omsk', 'Rostov-on-Don', 'Ufa', 'Krasnoyarsk', 'Voronezh', 'Perm',
  'Volgograd', 'Krasnodar', 'Saratov', 'Tyumen', 'Grozny', 'Vladikavkaz', 'Nalchik', 'Makhachkala', 'Vladivostok', 'Irkutsk',
  'Murmansk', 'Arkhangelsk', 'Kaliningrad', 'Pskov', 'Smolensk', 'Tula', 'Tver', 'Yaroslavl', 'Gomel', 'Brest', 'Grodno',
  'Vitebsk', 'Mogilev', 'Bălți', 'Tiraspol', 'Gyumri', 'Kutaisi', 'Batumi', 'Ganja', 'Sumgait',
  // Turkey
  'Istanbul', 'Izmir', 'İzmir', 'Bursa', 'Antalya', 'Adana', 'Konya', 'Gaziantep', 'Şanlıurfa', 'Sanliurfa', 'Mersin', 'Diyarbakır',
  'Diyarbakir', 'Kayseri', 'Eskişehir', 'Eskisehir', 'Samsun', 'Denizli', 'Malatya', 'Trabzon', 'Erzurum',
  'Mardin', 'Hakkari', 'Şırnak', 'Sirnak', 'Tunceli', 'Bingöl', 'Elazığ', 'Elazig', 'Siirt', 'Muş', 'Bitlis', 'Hatay', 'Kocaeli',
  // Central and Eastern Europe
  'Kraków', 'Krakow', 'Cracow', 'Łódź', 'Lodz', 'Wrocław', 'Wroclaw', 'Poznań', 'Poznan', 'Gdańsk', 'Gdansk', 'Szczecin', 'Lublin',
  'Katowice', 'Białystok', 'Bialystok', 'Gdynia', 'Częstochowa', 'Radom', 'Toruń', 'Rzeszów', 'Brno', 'Ostrava', 'Plzeň', 'Pilsen',
  'Košice', 'Kosice', 'Debrecen', 'Szeged', 'Miskolc', 'Pécs', 'Cluj-Napoca', 'Timișoara', 'Timisoara', 'Iași', 'Iasi', 'Constanța',
  'Constanta', 'Craiova', 'Brașov', 'Brasov', 'Plovdiv', 'Varna', 'Burgas', 'Thessaloniki', 'Patras', 'Heraklion', 'Rijeka',
  'Osijek', 'Maribor', 'Novi Sad', 'Niš', 'Nis', 'Kragujevac', 'Banja Luka', 'Mostar', 'Tuzla', 'Bitola', 'Kaunas', 'Klaipėda',
  'Klaipeda', 'Daugavpils', 'Tartu', 'Narva',
  // Western Europe
  'Hamburg', 'Munich', 'München', 'Cologne', 'Köln', 'Frankfurt', 'Stuttgart', 'Düsseldorf', 'Dusseldorf', 'Dortmund', 'Essen',
  'Leipzig', 'Bremen', 'Dresden', 'Hanover', 'Hannover', 'Nuremberg', 'Nürnberg', 'Duisburg', 'Bochum', 'Bonn', 'Karlsruhe',
  'Mannheim', 'Augsburg', 'Freiburg', 'Heidelberg', 'Graz', 'Linz', 'Salzburg', 'Innsbruck', 'Zurich', 'Zürich', 'Geneva', 'Genève',
  'Basel', 'Lausanne', 'Lucerne', 'Marseille', 'Lyon', 'Toulouse', 'Nantes', 'Strasbourg', 'Montpellier', 'Bordeaux',
  'Lille', 'Rennes', 'Reims', 'Toulon', 'Grenoble', 'Dijon', 'Angers', 'Nîmes', 'Antwerp', 'Ghent', 'Charleroi', 'Liège', 'Bruges',
  'Rotterdam', 'The Hague', 'Utrecht', 'Eindhoven', 'Groningen', 'Barcelona', 'Valencia', 'Seville', 'Zaragoza', 'Málaga', 'Malaga',
  'Murcia', 'Palma', 'Bilbao', 'Alicante', 'Córdoba', 'Valladolid', 'Vigo', 'Gijón', 'Granada', 'Porto', 'Braga', 'Coimbra',
  'Milan', 'Naples', 'Turin', 'Palermo', 'Genoa', 'Bologna', 'Florence', 'Bari', 'Catania', 'Venice', 'Verona', 'Messina', 'Padua',
  'Trieste', 'Gothenburg', 'Göteborg', 'Malmö', 'Malmo', 'Uppsala', 'Bergen', 'Trondheim', 'Stavanger', 'Aarhus', 'Odense',
  'Aalborg', 'Tampere', 'Turku', 'Espoo', 'Oulu', 'Cork', 'Limerick', 'Galway', 'Glasgow', 'Edinburgh', 'Aberdeen', 'Dundee',
  'Cardiff', 'Swansea', 'Belfast', 'Limassol', 'Larnaca', 'Famagusta', 'Kyrenia',
  // Americas
  'Toronto', 'Montreal', 'Vancouver', 'Calgary', 'Edmonton', 'Winnipeg', 'Quebec City', 'São Paulo', 'Sao Paulo', 'Rio de Janeiro',
  'Fortaleza', 'Belo Horizonte', 'Manaus', 'Curitiba', 'Recife', 'Porto Alegre', 'Guadalajara', 'Monterrey', 'Puebla',
  'Tijuana', 'Medellín', 'Medellin', 'Cali', 'Guayaquil', 'Córdoba', 'Rosario', 'Valparaíso',
  // Asia, Africa, Oceania
  'Mumbai', 'Bombay', 'Kolkata', 'Calcutta', 'Chennai', 'Madras', 'Bangalore', 'Bengaluru', 'Hyderabad', 'Ahmedabad', 'Pune',
  'Karachi', 'Lahore', 'Faisalabad', 'Chittagong', 'Shanghai', 'Guangzhou', 'Shenzhen', 'Chongqing', 'Tianjin', 'Wuhan', 'Chengdu',
  'Hong Kong', 'Osaka', 'Yokohama', 'Nagoya', 'Kyoto', 'Sapporo', 'Busan', 'Incheon', 'Ho Chi Minh City', 'Saigon', 'Surabaya',
  'Bandung', 'Cebu', 'Almaty', 'Tashkent', 'Samarkand', 'Mashhad', 'Isfahan', 'Tabriz', 'Shiraz', 'Basra', 'Mosul', 'Erbil',
  'Kirkuk', 'Aleppo', 'Homs', 'Jeddah', 'Mecca', 'Dubai', 'Tel Aviv', 'Haifa', 'Alexandria', 'Casablanca', 'Marrakesh',
  'Lagos', 'Kano', 'Ibadan', 'Johannesburg', 'Cape Town', 'Durban', 'Mombasa', 'Sydney', 'Melbourne', 'Brisbane', 'Perth',
  'Adelaide', 'Auckland', 'Christchurch',
];
