// A fashion catalogue's categories with the genders, materials, colours, sizes, styles and price
// levels typical of each. Earlier entries of a list are drawn more often.

export interface CategorySpec {
  name: string;
  /** Noun ending the product name: "Blue Cotton Slim Shirt". */
  noun: string;
  /** Share of the catalogue (relative). */
  share: number;
  genders: ReadonlyArray<readonly [string | null, number]>;
  materials: readonly string[];
  colors: readonly string[];
  /** null: the category has no sizes (size is null). */
  sizes: readonly string[] | null;
  styles: readonly string[];
  /** Median price and sigma of the log-normal price distribution. */
  medianPrice: number;
  priceSigma: number;
}

const APPAREL = ['XS', 'S', 'M', 'L', 'XL', 'XXL'];
const SHOES = ['36', '37', '38', '39', '40', '41', '42', '43', '44', '45', '46'];
const WAIST = ['28', '30', '32', '34', '36', '38'];
const BASIC_COLORS = ['Black', 'White', 'Grey', 'Navy Blue', 'Blue', 'Beige', 'Red', 'Green', 'Brown', 'Pink'];
const BRIGHT_COLORS = ['Black', 'White', 'Red', 'Pink', 'Yellow', 'Blue', 'Green', 'Purple', 'Orange', 'Light Blue'];
const EARTH_COLORS = ['Black', 'Brown', 'Tan', 'Grey', 'Navy Blue', 'Olive Green', 'Burgundy', 'Beige'];
const DENIM_COLORS = ['Blue', 'Light Blue', 'Black', 'Grey', 'White'];
const METAL_COLORS = ['Silver', 'Gold', 'Black', 'Rose Gold', 'Brown'];

const WOMEN: CategorySpec['genders'] = [['Women', 1]];
const MEN: CategorySpec['genders'] = [['Men', 1]];
const MIXED: CategorySpec['genders'] = [
  ['Women', 0.45],
  ['Men', 0.4],
  ['Unisex', 0.15],
];
const UNISEX_FIRST: CategorySpec['genders'] = [
  ['Unisex', 0.5],
  ['Women', 0.25],
  ['Men', 0.25],
];

export const CATEGORIES: readonly CategorySpec[] = [
  { name: 'Dresses', noun: 'Dress', share: 6, genders: WOMEN, materials: ['Cotton', 'Viscose', 'Silk', 'Linen', 'Polyester', 'Chiffon'], colors: BRIGHT_COLORS, sizes: APPAREL, styles: ['Maxi', 'Midi', 'Mini', 'Wrap', 'Shift', 'Slip'], medianPrice: 65, priceSigma: 0.45 },
  { name: 'Skirts', noun: 'Skirt', share: 3, genders: WOMEN, materials: ['Cotton', 'Denim', 'Wool', 'Leather', 'Polyester'], colors: BASIC_COLORS, sizes: APPAREL, styles: ['Pleated', 'Pencil', 'A-Line', 'Midi', 'Mini'], medianPrice: 45, priceSigma: 0.4 },
  { name: 'Blouses', noun: 'Blouse', share: 3, genders: WOMEN, materials: ['Viscose', 'Silk', 'Cotton', 'Chiffon', 'Linen'], colors: BRIGHT_COLORS, sizes: APPAREL, styles: ['Ruffled', 'Wrap', 'Oversized', 'Button-Down'], medianPrice: 40, priceSigma: 0.4 },
  { name: 'T-Shirts', noun: 'T-Shirt', share: 7, genders: MIXED, materials: ['Cotton', 'Organic Cotton', 'Jersey', 'Polyester'], colors: BASIC_COLORS, sizes: APPAREL, styles: ['Crew Neck', 'V-Neck', 'Oversized', 'Slim', 'Graphic'], medianPrice: 20, priceSigma: 0.4 },
  { name: 'Shirts', noun: 'Shirt', share: 5, genders: MIXED, materials: ['Cotton', 'Linen', 'Oxford Cotton', 'Flannel', 'Denim'], colors: BASIC_COLORS, sizes: APPAREL, styles: ['Slim', 'Regular Fit', 'Button-Down', 'Oversized'], medianPrice: 45, priceSigma: 0.4 },
  { name: 'Sweaters', noun: 'Sweater', share: 4, genders: MIXED, materials: ['Wool', 'Cotton', 'Merino Wool', 'Cashmere', 'Acrylic'], colors: EARTH_COLORS, sizes: APPAREL, styles: ['Crew Neck', 'V-Neck', 'Cable Knit', 'Turtleneck', 'Cardigan'], medianPrice: 60, priceSigma: 0.5 },
  { name: 'Hoodies', noun: 'Hoodie', share: 4, genders: UNISEX_FIRST, materials: ['Cotton', 'Fleece', 'Polyester'], colors: BASIC_COLORS, sizes: APPAREL, styles: ['Zip', 'Pullover', 'Oversized', 'Cropped'], medianPrice: 50, priceSigma: 0.35 },
  { name: 'Jeans', noun: 'Jeans', share: 5, genders: MIXED, materials: ['Denim', 'Stretch Denim', 'Organic Cotton'], colors: DENIM_COLORS, sizes: WAIST, styles: ['Slim', 'Skinny', 'Straight', 'Bootcut', 'Relaxed'], medianPrice: 70, priceSigma: 0.4 },
  { name: 'Trousers', noun: 'Trousers', share: 4, genders: MIXED, materials: ['Cotton', 'Wool', 'Linen', 'Polyester'], colors: EARTH_COLORS, sizes: WAIST, styles: ['Chino', 'Tailored', 'Cargo', 'Wide-Leg'], medianPrice: 55, priceSigma: 0.4 },
  { name: 'Shorts', noun: 'Shorts', share: 3, genders: MIXED, materials: ['Cotton', 'Denim', 'Linen', 'Nylon'], colors: BASIC_COLORS, sizes: APPAREL, styles: ['Chino', 'Cargo', 'Running', 'Bermuda'], medianPrice: 30, priceSigma: 0.35 },
  { name: 'Leggings', noun: 'Leggings', share: 2, genders: WOMEN, materials: ['Polyester', 'Elastane', 'Cotton'], colors: BASIC_COLORS, sizes: APPAREL, styles: ['High-Waist', 'Seamless', 'Compression'], medianPrice: 35, priceSigma: 0.35 },
  { name: 'Jackets', noun: 'Jacket', share: 4, genders: MIXED, materials: ['Denim', 'Leather', 'Nylon', 'Cotton', 'Suede'], colors: EARTH_COLORS, sizes: APPAREL, styles: ['Bomber', 'Biker', 'Trucker', 'Utility', 'Quilted'], medianPrice: 110, priceSigma: 0.5 },
  { name: 'Coats', noun: 'Coat', share: 3, genders: MIXED, materials: ['Wool', 'Cashmere', 'Polyester', 'Down'], colors: EARTH_COLORS, sizes: APPAREL, styles: ['Trench', 'Parka', 'Peacoat', 'Overcoat', 'Puffer'], medianPrice: 180, priceSigma: 0.5 },
  { name: 'Blazers', noun: 'Blazer', share: 2, genders: MIXED, materials: ['Wool', 'Linen', 'Cotton', 'Velvet'], colors: EARTH_COLORS, sizes: APPAREL, styles: ['Single-Breasted', 'Double-Breasted', 'Slim', 'Relaxed'], medianPrice: 130, priceSigma: 0.45 },
  { name: 'Suits', noun: 'Suit', share: 1, genders: MEN, materials: ['Wool', 'Linen', 'Cotton'], colors: ['Navy Blue', 'Grey', 'Black', 'Blue', 'Beige'], sizes: ['46', '48', '50', '52', '54', '56'], styles: ['Slim', 'Tailored', 'Three-Piece'], medianPrice: 300, priceSigma: 0.45 },
  { name: 'Activewear', noun: 'Top', share: 3, genders: MIXED, materials: ['Polyester', 'Nylon', 'Elastane'], colors: BRIGHT_COLORS, sizes: APPAREL, styles: ['Training', 'Running', 'Yoga', 'Seamless'], medianPrice: 30, priceSigma: 0.35 },
  { name: 'Swimwear', noun: 'Swimsuit', share: 2, genders: [['Women', 0.7], ['Men', 0.3]], materials: ['Nylon', 'Polyester', 'Elastane'], colors: BRIGHT_COLORS, sizes: APPAREL, styles: ['Bikini', 'One-Piece', 'Swim Shorts', 'Tankini'], medianPrice: 40, priceSigma: 0.4 },
  { name: 'Socks', noun: 'Socks', share: 2, genders: UNISEX_FIRST, materials: ['Cotton', 'Wool', 'Bamboo'], colors: BASIC_COLORS, sizes: ['S', 'M', 'L'], styles: ['Ankle', 'Crew', 'Hiking', 'No-Show'], medianPrice: 10, priceSigma: 0.35 },
  { name: 'Running Shoes', noun: 'Running Shoes', share: 4, genders: MIXED, materials: ['Mesh', 'Knit', 'Synthetic'], colors: BRIGHT_COLORS, sizes: SHOES, styles: ['Trail', 'Road', 'Cushioned', 'Lightweight'], medianPrice: 110, priceSigma: 0.35 },
  { name: 'Sneakers', noun: 'Sneakers', share: 5, genders: UNISEX_FIRST, materials: ['Leather', 'Canvas', 'Suede', 'Knit'], colors: BASIC_COLORS, sizes: SHOES, styles: ['Low-Top', 'High-Top', 'Retro', 'Platform'], medianPrice: 90, priceSigma: 0.4 },
  { name: 'Boots', noun: 'Boots', share: 3, genders: MIXED, materials: ['Leather', 'Suede', 'Rubber'], colors: EARTH_COLORS, sizes: SHOES, styles: ['Chelsea', 'Ankle', 'Combat', 'Hiking', 'Knee-High'], medianPrice: 140, priceSigma: 0.4 },
  { name: 'Sandals', noun: 'Sandals', share: 2, genders: MIXED, materials: ['Leather', 'Rubber', 'Cork', 'Synthetic'], colors: EARTH_COLORS, sizes: SHOES, styles: ['Slide', 'Strappy', 'Platform', 'Flip-Flop'], medianPrice: 45, priceSigma: 0.45 },
  { name: 'Heels', noun: 'Heels', share: 2, genders: WOMEN, materials: ['Leather', 'Suede', 'Patent Leather', 'Satin'], colors: ['Black', 'Beige', 'Red', 'Silver', 'Gold', 'Pink', 'White'], sizes: ['35', '36', '37', '38', '39', '40', '41', '42'], styles: ['Stiletto', 'Block', 'Kitten', 'Slingback'], medianPrice: 85, priceSigma: 0.4 },
  { name: 'Handbags', noun: 'Bag', share: 3, genders: WOMEN, materials: ['Leather', 'Vegan Leather', 'Canvas', 'Suede'], colors: EARTH_COLORS, sizes: null, styles: ['Tote', 'Crossbody', 'Shoulder', 'Clutch', 'Bucket'], medianPrice: 120, priceSigma: 0.6 },
  { name: 'Backpacks', noun: 'Backpack', share: 2, genders: [['Unisex', 0.7], [null, 0.3]], materials: ['Nylon', 'Canvas', 'Polyester', 'Leather'], colors: EARTH_COLORS, sizes: null, styles: ['Rolltop', 'Laptop', 'Hiking', 'Mini'], medianPrice: 70, priceSigma: 0.45 },
  { name: 'Hats', noun: 'Hat', share: 2, genders: UNISEX_FIRST, materials: ['Wool', 'Cotton', 'Straw', 'Felt'], colors: EARTH_COLORS, sizes: ['S/M', 'L/XL'], styles: ['Beanie', 'Baseball Cap', 'Bucket', 'Fedora'], medianPrice: 25, priceSigma: 0.45 },
  { name: 'Scarves', noun: 'Scarf', share: 2, genders: [['Unisex', 0.6], ['Women', 0.4]], materials: ['Wool', 'Cashmere', 'Silk', 'Cotton'], colors: BASIC_COLORS, sizes: null, styles: ['Knitted', 'Printed', 'Oversized', 'Square'], medianPrice: 35, priceSigma: 0.5 },
  { name: 'Sunglasses', noun: 'Sunglasses', share: 2, genders: [['Unisex', 0.6], [null, 0.4]], materials: ['Acetate', 'Metal', 'Plastic'], colors: METAL_COLORS, sizes: null, styles: ['Aviator', 'Round', 'Cat-Eye', 'Wayfarer'], medianPrice: 90, priceSigma: 0.6 },
  { name: 'Watches', noun: 'Watch', share: 2, genders: MIXED, materials: ['Stainless Steel', 'Leather', 'Titanium', 'Silicone'], colors: METAL_COLORS, sizes: null, styles: ['Chronograph', 'Dress', 'Smart', 'Diver'], medianPrice: 150, priceSigma: 0.7 },
  { name: 'Necklaces', noun: 'Necklace', share: 2, genders: WOMEN, materials: ['Sterling Silver', 'Gold-Plated', 'Gold', 'Pearl'], colors: METAL_COLORS, sizes: null, styles: ['Pendant', 'Chain', 'Choker', 'Layered'], medianPrice: 60, priceSigma: 0.7 },
];

/** Price multiplier of premium and budget materials (1 when not listed). */
export const MATERIAL_PRICE_FACTOR: Readonly<Record<string, number>> = {
  Cashmere: 2.2,
  Gold: 2.5,
  Silk: 1.6,
  Leather: 1.5,
  'Patent Leather': 1.5,
  Titanium: 1.6,
  Pearl: 1.8,
  Down: 1.5,
  Suede: 1.4,
  'Merino Wool': 1.4,
  Wool: 1.3,
  Velvet: 1.2,
  Linen: 1.15,
  'Sterling Silver': 1.2,
  Canvas: 0.9,
  Polyester: 0.85,
  Synthetic: 0.85,
  Acrylic: 0.8,
  Rubber: 0.8,
  Plastic: 0.7,
};

export const FIRST_NAMES = [
  'Emma', 'Liam', 'Olivia', 'Noah', 'Ava', 'Elijah', 'Sophia', 'Lucas', 'Mia', 'Mateo', 'Amelia', 'Leo',
  'Isabella', 'Hugo', 'Chloe', 'Arjun', 'Yuki', 'Omar', 'Fatima', 'Chen', 'Ingrid', 'Tomas', 'Aisha', 'Diego',
  'Nora', 'Kofi', 'Priya', 'Lars', 'Zoe', 'Mohammed', 'Elena', 'Felix', 'Hana', 'Ivan', 'Grace', 'Samuel',
];

export const LAST_NAMES = [
  'Smith', 'Martin', 'Garcia', 'Müller', 'Rossi', 'Kim', 'Nguyen', 'Silva', 'Johnson', 'Dubois', 'Kowalski',
  'Tanaka', 'Okafor', 'Patel', 'Andersen', 'Novak', 'Haddad', 'Lopez', 'Brown', 'Jensen', 'Costa', 'Wang',
  'Ivanova', 'Fischer', 'Murphy', 'Santos', 'Cohen', 'Mensah', 'Larsen', 'Moreau',
];
