/**
 * What the demo directory is made of: kinds of organizations, the services each kind offers
 * (need codes, hours, eligibility, costs and prose), and the word lists invented names are built
 * from. Names are made up; none is meant to be a real organization.
 */

/** A pattern of opening hours. */
export type HoursKind =
  | 'office'
  | 'office-evening'
  | 'clinic'
  | 'pantry'
  | 'weekend'
  | 'monthly'
  | 'overnight'
  | 'winter'
  | 'always'
  | 'meals'
  | 'breakfast'
  | 'drop-in'
  | 'class'
  | 'youth'
  | 'appointment';

/** A pattern of who may use a service. */
export type EligibilityKind =
  | 'open'
  | 'seniors'
  | 'youth'
  | 'children'
  | 'adults'
  | 'income130'
  | 'income200'
  | 'income250'
  | 'county'
  | 'zip'
  | 'state'
  | 'veterans'
  | 'women'
  | 'families'
  | 'disability'
  | 'newcomers';

/** How a client pays. */
export type CostKind = 'free' | 'sliding' | 'fee' | 'insurance';

/** One service an organization of some kind may offer. */
export type ServiceTemplate = {
  names: readonly string[];
  /** Need codes; the first is the main one. */
  codes: readonly string[];
  hours: readonly HoursKind[];
  eligibility: readonly EligibilityKind[];
  costs: readonly CostKind[];
  /** Opening sentences; `{org}`, `{area}`, `{city}` and `{county}` are filled in. */
  lead: readonly string[];
  /** Further sentences, one to three of which follow the lead. */
  details: readonly string[];
  documents?: readonly string[];
  apply?: readonly string[];
  wait?: readonly string[];
  /** For a `fee` cost: the amount in US dollars and what it pays for. */
  fee?: readonly [number, string];
};

/** A kind of organization: how it is named, described, and what it offers. */
export type OrgKind = {
  kind: string;
  weight: number;
  /** Name patterns; `{street}`, `{nature}`, `{area}`, `{person}` are filled in. */
  names: readonly string[];
  about: readonly string[];
  services: readonly ServiceTemplate[];
  /** Extra chance of languages beyond English and Spanish. */
  multilingual: number;
};

/** Display names of the need codes the dataset uses, as the taxonomy names them. */
export const termNames: Readonly<Record<string, string>> = {
  food: 'Food',
  'food.pantry': 'Food pantries',
  'food.meals': 'Free meals',
  'food.benefits': 'Food benefits',
  housing: 'Housing',
  'housing.shelter': 'Emergency shelter',
  'housing.rent-assistance': 'Rent assistance',
  'housing.transitional': 'Transitional and supportive housing',
  'housing.affordable': 'Affordable housing',
  'housing.repairs': 'Home repairs',
  transportation: 'Transportation',
  'transportation.medical-rides': 'Rides to medical appointments',
  'transportation.transit-fares': 'Transit fares',
  'mental-health': 'Mental health',
  'mental-health.counseling': 'Counseling and therapy',
  'mental-health.crisis': 'Crisis support',
  'substance-use': 'Substance use',
  'substance-use.treatment': 'Treatment programs',
  'substance-use.harm-reduction': 'Harm reduction',
  health: 'Health care',
  'health.primary-care': 'Primary care',
  'health.dental': 'Dental care',
  legal: 'Legal help',
  'legal.eviction-defense': 'Eviction defense',
  'legal.family-law': 'Family law',
  employment: 'Employment',
  'employment.job-search': 'Job search',
  'employment.training': 'Job training',
  utilities: 'Utilities',
  'utilities.bill-assistance': 'Utility bill assistance',
  family: 'Family and children',
  'family.child-care': 'Child care',
  'family.domestic-violence': 'Domestic violence support',
  disability: 'Disability services',
  immigration: 'Immigration',
  'immigration.english-classes': 'English classes',
  'immigration.refugee-services': 'Refugee services',
};

const docs = {
  id: 'Photo ID for the adult applying',
  address: 'Proof of address, such as a lease or utility bill',
  income: 'Proof of household income for the last 30 days',
  ssn: 'Social Security numbers for household members, if available',
  dd214: 'DD-214 or other proof of military service',
  shutoff: 'Most recent utility bill or shut-off notice',
  eviction: 'Eviction notice, demand for rent or court papers',
  lease: 'Current lease and landlord contact information',
  insurance: 'Insurance card (Health First Colorado, Medicare or private), if insured',
  birth: 'Birth certificates or other proof of age for children',
  immigration: 'Immigration documents (I-94, green card or work permit), if any',
  disability: 'Documentation of disability, if available',
} as const;

/** The organization kinds, weighted so each need is well represented. */
export const orgKinds: readonly OrgKind[] = [
  {
    kind: 'food-pantry',
    weight: 9,
    multilingual: 0.25,
    names: [
      '{street} Community Pantry',
      '{area} Food Bank',
      '{nature} Food Share',
      '{street} Street Pantry',
      '{area} Neighbors Pantry',
      '{nature} Community Cupboard',
    ],
    about: [
      '{org} is a volunteer-run food pantry serving {area} and nearby neighborhoods since {year}.',
      'A neighborhood food bank in {area} that distributes groceries, fresh produce and household staples to families facing food insecurity.',
      '{org} works with local grocers and growers to get healthy food to {county} households who need it.',
    ],
    services: [
      {
        names: ['Emergency Food Pantry', 'Choice Food Pantry', 'Grocery Pantry'],
        codes: ['food.pantry'],
        hours: ['pantry', 'pantry', 'weekend', 'office'],
        eligibility: ['open', 'open', 'county', 'zip', 'income200'],
        costs: ['free'],
        lead: [
          'Free groceries for households in {area}, including canned goods, bread, dairy and fresh produce when available.',
          'A client-choice pantry where shoppers pick their own groceries, much like a small neighborhood market.',
          'Emergency food boxes with about three days of groceries for a household, plus fresh fruit and vegetables.',
        ],
        details: [
          'Households may visit once a month; extra visits are allowed in an emergency.',
          'Bring your own bags if you can.',
          'Halal, vegetarian and diabetic-friendly options are set aside when donations allow.',
          'Diapers, toilet paper and hygiene products are available on request.',
          'No one is turned away on their first visit.',
          'Homebound neighbors can arrange for a volunteer to drop off a box.',
        ],
        documents: [docs.id, docs.address],
        apply: [
          'Walk in during pantry hours; first-time visitors fill out a short form.',
          'Walk in. Please arrive at least 15 minutes before closing.',
        ],
        wait: [
          'Usually under 30 minutes.',
          'Lines form early on distribution days; expect up to an hour.',
        ],
      },
      {
        names: ['Saturday Produce Market', 'Fresh Produce Distribution', 'Mobile Food Pantry'],
        codes: ['food.pantry'],
        hours: ['weekend', 'monthly'],
        eligibility: ['open', 'open', 'open'],
        costs: ['free'],
        lead: [
          'A free fresh-produce market held in the parking lot, with fruit, vegetables and bread set out farmers-market style.',
          'Drive-through and walk-up distribution of fresh produce, milk and protein from a refrigerated truck.',
        ],
        details: [
          'No paperwork or ID is needed.',
          'Food is distributed while supplies last.',
          'Stay in your car and volunteers will load your trunk.',
          'Volunteers help carry boxes to cars and bus stops.',
        ],
        wait: ['First come, first served.'],
      },
      {
        names: [
          'Senior Food Box',
          'Commodity Supplemental Food Program (CSFP)',
          'Senior Grocery Delivery',
        ],
        codes: ['food.pantry', 'health'],
        hours: ['monthly', 'office'],
        eligibility: ['seniors', 'seniors'],
        costs: ['free'],
        lead: [
          'A monthly box of shelf-stable groceries and cheese for adults 60 and older with limited income.',
          'Groceries delivered once a month to older adults who cannot easily get to a pantry.',
        ],
        details: [
          'Boxes are chosen with a dietitian to support healthy aging.',
          'A family member or caregiver may pick up with a signed proxy form.',
          'Enrollment is open year round.',
        ],
        documents: [docs.id, docs.income],
        apply: ['Call to enroll; staff complete the application over the phone.'],
        wait: ['New enrollees usually receive their first box within two weeks.'],
      },
      {
        names: ['SNAP Application Assistance', 'Food Benefits Enrollment Help'],
        codes: ['food.benefits', 'food'],
        hours: ['office', 'appointment'],
        eligibility: ['open', 'state'],
        costs: ['free'],
        lead: [
          'Trained staff help you apply for SNAP (food stamps) and WIC, check your eligibility and prepare for the interview.',
          'One-on-one help applying for and renewing SNAP food benefits through Colorado PEAK.',
        ],
        details: [
          'Bring any letters you have received from Human Services.',
          'Help is available by phone for people who cannot come in.',
          'Staff can also screen for Health First Colorado (Medicaid) and other benefits.',
        ],
        documents: [docs.id, docs.income, docs.ssn],
        apply: ['Call or walk in to schedule a benefits appointment.'],
        wait: ['Appointments are usually available within a week.'],
      },
      {
        names: ['Diaper and Formula Bank', 'Baby Pantry'],
        codes: ['family', 'food'],
        hours: ['pantry', 'monthly'],
        eligibility: ['families', 'open'],
        costs: ['free'],
        lead: ['Diapers, wipes and infant formula for families with babies and toddlers.'],
        details: [
          'Families may receive up to 50 diapers per child each month.',
          'Sizes newborn through 6 and pull-ups are usually in stock.',
        ],
        documents: [docs.birth],
      },
    ],
  },
  {
    kind: 'meal-program',
    weight: 4,
    multilingual: 0.15,
    names: [
      '{area} Community Kitchen',
      '{nature} Table',
      '{street} Street Supper Club',
      '{person} Kitchen',
      'Open Door Kitchen of {area}',
    ],
    about: [
      '{org} serves free, hot, home-style meals to anyone who is hungry, no questions asked.',
      'A community kitchen where neighbors, volunteers and guests share a meal together in {area}.',
    ],
    services: [
      {
        names: ['Free Community Lunch', 'Hot Lunch Program', 'Free Weekday Lunch'],
        codes: ['food.meals'],
        hours: ['meals'],
        eligibility: ['open'],
        costs: ['free'],
        lead: [
          'A free hot lunch served in the dining hall to anyone who comes, with no sign-up or ID.',
          'Sit-down lunches cooked from scratch by volunteers and served restaurant style.',
        ],
        details: [
          'Take-away meals are available for those who cannot stay.',
          'Vegetarian options are served daily.',
          'The dining hall is wheelchair accessible.',
        ],
        wait: ['No wait; meals are served until food runs out.'],
      },
      {
        names: ['Community Breakfast', 'Morning Breakfast Program'],
        codes: ['food.meals'],
        hours: ['breakfast'],
        eligibility: ['open', 'adults'],
        costs: ['free'],
        lead: ['A warm breakfast of oatmeal, eggs, fruit and coffee served every morning.'],
        details: [
          'Showers and a clothing closet are open during breakfast.',
          'Case managers are on site to talk with guests about housing and benefits.',
        ],
      },
      {
        names: ['Family Dinner Night', 'Community Supper'],
        codes: ['food.meals', 'family'],
        hours: ['meals'],
        eligibility: ['open', 'families'],
        costs: ['free'],
        lead: [
          'A free family-style dinner each week where children eat with their parents and neighbors.',
        ],
        details: [
          'Kids get a free book to take home.',
          'Volunteers lead crafts for children after dinner.',
        ],
      },
      {
        names: ['Kids Summer Meals', 'After-School Snacks and Meals'],
        codes: ['food.meals', 'family'],
        hours: ['office', 'youth'],
        eligibility: ['children'],
        costs: ['free'],
        lead: [
          'Free meals for children and teens 18 and under, served during the school break when school lunches are not available.',
        ],
        details: [
          'Children do not need to be enrolled or show ID.',
          'Meals must be eaten on site.',
        ],
      },
      {
        names: ['Home-Delivered Meals', 'Meals for Homebound Neighbors'],
        codes: ['food.meals', 'disability'],
        hours: ['office'],
        eligibility: ['seniors', 'disability'],
        costs: ['free', 'sliding'],
        lead: [
          'Nutritious meals delivered to the homes of older adults and people with disabilities who cannot shop or cook.',
        ],
        details: [
          'Drivers also check in on each client.',
          'A suggested contribution is welcome but never required.',
          'Medically tailored meals are available with a doctor’s referral.',
        ],
        apply: ['Call for a short phone assessment.'],
        wait: ['Deliveries usually begin within 10 days.'],
      },
    ],
  },
  {
    kind: 'shelter',
    weight: 6,
    multilingual: 0.2,
    names: [
      '{area} Shelter',
      '{nature} House',
      '{person} House',
      '{street} Street Shelter',
      '{area} Safe Haven',
      'Harbor Light of {area}',
    ],
    about: [
      '{org} offers emergency shelter, meals and a path to housing for people experiencing homelessness in {county}.',
      'A shelter and day center that meets people where they are and helps them move into stable housing.',
    ],
    services: [
      {
        names: [
          'Overnight Emergency Shelter',
          'Emergency Night Shelter',
          "Men's Overnight Shelter",
        ],
        codes: ['housing.shelter'],
        hours: ['overnight'],
        eligibility: ['adults', 'adults', 'open'],
        costs: ['free'],
        lead: [
          'Emergency overnight beds with dinner, breakfast, showers and a safe place to store belongings.',
          'A low-barrier overnight shelter for adults: no sobriety test, no ID required, and pets and partners welcome.',
        ],
        details: [
          'Beds are assigned by lottery at 7 pm.',
          'Lockers and laundry are available.',
          'Guests can meet with a housing navigator in the morning.',
          'Shuttle pickup runs from downtown every evening.',
        ],
        apply: [
          'Line up at the front door before doors open.',
          'Call the bed line after 4 pm to check availability.',
        ],
        wait: [
          'Beds often fill by 8 pm.',
          'No wait most nights; a waitlist forms in very cold weather.',
        ],
      },
      {
        names: ['Winter Overflow Shelter', 'Seasonal Warming Shelter'],
        codes: ['housing.shelter'],
        hours: ['winter'],
        eligibility: ['open', 'adults'],
        costs: ['free'],
        lead: [
          'Extra beds, cots and blankets open during the winter months so no one has to sleep outside in the cold.',
        ],
        details: [
          'The shelter also opens on any night the temperature drops below 32°F.',
          'A hot dinner is served at 7:30 pm.',
          'Transportation is provided from the main shelter.',
        ],
      },
      {
        names: ["Women's Shelter", "Women and Children's Shelter"],
        codes: ['housing.shelter', 'family'],
        hours: ['always', 'overnight'],
        eligibility: ['women', 'women'],
        costs: ['free'],
        lead: [
          'Emergency shelter for women and women with children, with private family rooms and on-site case management.',
        ],
        details: [
          'Children attend their home school with transportation help.',
          'Stays of up to 90 days while guests work on a housing plan.',
        ],
        documents: [docs.id],
        apply: ['Call the intake line; walk-ins are accepted when beds are open.'],
      },
      {
        names: ['Day Center', 'Daytime Drop-In Center'],
        codes: ['housing', 'food.meals'],
        hours: ['drop-in'],
        eligibility: ['open'],
        costs: ['free'],
        lead: [
          'A daytime drop-in center with showers, laundry, mail service, phone charging and a place to rest.',
        ],
        details: [
          'Receive mail here if you have no fixed address.',
          'Outreach staff help with IDs, birth certificates and benefits.',
          'Coffee and a light lunch are served daily.',
        ],
      },
      {
        names: ['Rapid Rehousing', 'Housing Navigation'],
        codes: ['housing.rent-assistance', 'housing'],
        hours: ['office', 'appointment'],
        eligibility: ['income130', 'county'],
        costs: ['free'],
        lead: [
          'Short-term rent help and case management to move people from shelter into an apartment of their own.',
        ],
        details: [
          'Covers deposits, first month’s rent and up to 12 months of assistance.',
          'Navigators work with landlords who accept vouchers.',
        ],
        documents: [docs.id, docs.income],
        apply: ['By referral from a shelter case manager or street outreach worker.'],
        wait: ['Waitlist; placement is based on vulnerability assessment.'],
      },
      {
        names: ['Youth Shelter', 'Young Adult Shelter'],
        codes: ['housing.shelter'],
        hours: ['always'],
        eligibility: ['youth'],
        costs: ['free'],
        lead: [
          'A safe, welcoming overnight shelter for young people with beds, meals and caring adults on staff around the clock.',
        ],
        details: [
          'LGBTQ+ affirming.',
          'Help finishing school, finding work and reconnecting with family when safe.',
        ],
      },
    ],
  },
  {
    kind: 'housing',
    weight: 6,
    multilingual: 0.15,
    names: [
      '{area} Housing Partners',
      '{nature} Homes',
      '{area} Homes Collaborative',
      '{street} Housing Alliance',
      '{nature} Community Housing',
    ],
    about: [
      '{org} develops and manages affordable homes and helps renters in {area} stay housed.',
      'A nonprofit housing agency offering rent help, affordable apartments and homeownership programs across {county}.',
    ],
    services: [
      {
        names: ['Emergency Rent Assistance', 'Rent Help Program', 'Back Rent Assistance'],
        codes: ['housing.rent-assistance'],
        hours: ['office', 'appointment'],
        eligibility: ['income200', 'income250', 'county', 'county'],
        costs: ['free'],
        lead: [
          'One-time help with past-due rent for renters at risk of eviction.',
          'Financial help with back rent and security deposits, paid directly to the landlord.',
        ],
        details: [
          'Funds are limited and open on the first business day of each month.',
          'Applicants must have a current lease in their name.',
          'Staff also help negotiate payment plans with landlords.',
        ],
        documents: [docs.id, docs.lease, docs.income, docs.eviction],
        apply: [
          'Apply online or call to request a paper application.',
          'Call the intake line Monday mornings.',
        ],
        wait: [
          'Decisions usually within 10 business days.',
          'High demand; the program may close when monthly funds run out.',
        ],
      },
      {
        names: ['Affordable Apartments', 'Income-Restricted Housing'],
        fee: [
          650,
          'typical monthly rent for a one-bedroom; rent is set at about 30% of household income',
        ],
        codes: ['housing.affordable'],
        hours: ['office'],
        eligibility: ['income130', 'income200', 'seniors'],
        costs: ['fee'],
        lead: ['Income-restricted apartments with rents set at about 30% of household income.'],
        details: [
          'Units for individuals, families and older adults.',
          'Housing Choice Vouchers accepted.',
          'Applications are accepted when the waitlist is open.',
        ],
        documents: [docs.id, docs.income, docs.ssn],
        apply: ['Submit a pre-application online.'],
        wait: ['Waitlist of 12–24 months.'],
      },
      {
        names: ['Home Repair Program', 'Emergency Home Repairs'],
        codes: ['housing.repairs', 'utilities'],
        hours: ['office'],
        eligibility: ['seniors', 'income250', 'disability'],
        costs: ['free', 'sliding'],
        lead: [
          'Free critical home repairs such as furnaces, water heaters, roofs and accessibility ramps for low-income homeowners.',
        ],
        details: [
          'Priority for older adults and people with disabilities.',
          'Licensed contractors complete all work.',
        ],
        documents: [docs.id, docs.income],
        wait: ['About 6–8 weeks for non-emergency repairs.'],
      },
      {
        names: ['Homebuyer Education', 'First-Time Homebuyer Counseling'],
        fee: [45, 'per household for the eight-hour class; counseling is free'],
        codes: ['housing'],
        hours: ['class', 'appointment'],
        eligibility: ['open', 'income250'],
        costs: ['fee', 'free'],
        lead: ['HUD-approved classes and one-on-one counseling for first-time homebuyers.'],
        details: [
          'Completing the class qualifies buyers for down-payment assistance.',
          'Classes are offered in English and Spanish.',
        ],
      },
      {
        names: ['Tenant Rights Counseling', 'Renter Helpline'],
        codes: ['housing', 'legal'],
        hours: ['office'],
        eligibility: ['open'],
        costs: ['free'],
        lead: [
          'Phone and walk-in counseling for renters with questions about repairs, deposits, late fees and notices.',
        ],
        details: [
          'Counselors explain Colorado’s warranty of habitability and how to request repairs in writing.',
        ],
      },
    ],
  },
  {
    kind: 'health-center',
    weight: 6,
    multilingual: 0.3,
    names: [
      '{area} Community Health Center',
      '{nature} Family Clinic',
      '{street} Street Clinic',
      '{area} Neighborhood Health',
      '{nature} Health Partners',
    ],
    about: [
      '{org} is a community health center offering medical, dental and behavioral health care to everyone, regardless of insurance or ability to pay.',
      'A nonprofit clinic in {area} providing affordable primary care for the whole family.',
    ],
    services: [
      {
        names: ['Primary Care', 'Family Medicine', 'Adult and Pediatric Primary Care'],
        codes: ['health.primary-care'],
        hours: ['clinic', 'office-evening'],
        eligibility: ['open'],
        costs: ['sliding', 'insurance'],
        lead: [
          'Check-ups, sick visits, chronic disease care, immunizations and lab work for children and adults.',
          'Whole-family primary care with doctors, nurse practitioners and on-site lab and pharmacy.',
        ],
        details: [
          'Same-day appointments are held every morning.',
          'Health First Colorado (Medicaid), CHP+ and Medicare are accepted.',
          'Uninsured patients pay on a sliding scale based on income.',
          'Telehealth visits are available.',
        ],
        documents: [docs.id, docs.insurance, docs.income],
        apply: ['Call to schedule a new-patient appointment.'],
        wait: ['New-patient appointments within 1–2 weeks.'],
      },
      {
        names: ['Dental Clinic', 'Community Dental Care'],
        codes: ['health.dental'],
        hours: ['clinic'],
        eligibility: ['open', 'income200'],
        costs: ['sliding', 'insurance'],
        lead: ['Cleanings, fillings, extractions and dentures for children and adults.'],
        details: [
          'Emergency dental walk-in slots open at 8 am.',
          'Medicaid dental benefits accepted.',
        ],
        documents: [docs.id, docs.insurance],
        wait: ['Routine appointments 3–4 weeks out; emergencies seen same day.'],
      },
      {
        names: ['Prenatal and Women’s Health', 'Pregnancy Care'],
        codes: ['health', 'family'],
        hours: ['clinic'],
        eligibility: ['women'],
        costs: ['sliding', 'insurance'],
        lead: ['Prenatal visits, ultrasounds, family planning and postpartum care.'],
        details: [
          'Midwives and bilingual medical assistants on staff.',
          'Help enrolling in Medicaid for pregnancy.',
        ],
      },
      {
        names: ['Health Insurance Enrollment', 'Medicaid and CHP+ Enrollment Help'],
        codes: ['health'],
        hours: ['office'],
        eligibility: ['open', 'state'],
        costs: ['free'],
        lead: [
          'Certified navigators help you apply for Health First Colorado, CHP+ or a marketplace plan.',
        ],
        details: [
          'Bring pay stubs and any letters from Medicaid.',
          'Help with renewals so coverage does not lapse.',
        ],
      },
      {
        names: ['Walk-In Vaccine Clinic', 'Immunization Clinic'],
        codes: ['health'],
        hours: ['clinic', 'weekend'],
        eligibility: ['open', 'children'],
        costs: ['free', 'insurance'],
        lead: [
          'Walk-in vaccines for children and adults, including flu, COVID-19 and school-required shots.',
        ],
        details: [
          'No one is turned away for inability to pay.',
          'Bring your shot record if you have one.',
        ],
      },
      {
        names: ['Integrated Behavioral Health', 'Counseling in Primary Care'],
        codes: ['mental-health', 'health'],
        hours: ['clinic'],
        eligibility: ['open'],
        costs: ['sliding', 'insurance'],
        lead: [
          'Short-term counseling for stress, depression and anxiety from therapists who work alongside your doctor.',
        ],
        details: ['Available to current patients of the clinic.'],
      },
    ],
  },
  {
    kind: 'mental-health',
    weight: 6,
    multilingual: 0.15,
    names: [
      '{area} Mental Health Partners',
      '{nature} Counseling Center',
      '{nature} Behavioral Health',
      '{street} Wellness Center',
      '{area} Counseling Collective',
    ],
    about: [
      '{org} provides counseling, psychiatric care and crisis support for people of all ages in {county}.',
      'A community mental health center offering therapy and recovery services on a sliding fee scale.',
    ],
    services: [
      {
        names: ['Outpatient Counseling', 'Individual and Family Therapy', 'Counseling Services'],
        codes: ['mental-health.counseling'],
        hours: ['office-evening', 'clinic'],
        eligibility: ['open', 'open', 'adults'],
        costs: ['sliding', 'insurance'],
        lead: [
          'Individual, couples and family therapy for depression, anxiety, trauma and life changes.',
          'Licensed therapists offering in-person and telehealth counseling for children, teens and adults.',
        ],
        details: [
          'Evening appointments for working families.',
          'Medicaid accepted; uninsured clients pay on a sliding scale.',
          'Therapists trained in trauma-informed care and EMDR.',
        ],
        documents: [docs.id, docs.insurance],
        apply: ['Call for a phone screening; intake appointments are scheduled within two weeks.'],
        wait: [
          'About 2 weeks for a first appointment.',
          'Waitlist of 3–5 weeks for ongoing therapy.',
        ],
      },
      {
        names: ['24/7 Crisis Line', 'Crisis and Support Line'],
        codes: ['mental-health.crisis'],
        hours: ['always'],
        eligibility: ['open'],
        costs: ['free'],
        lead: [
          'Free, confidential support from trained crisis counselors by phone, any time of day or night.',
        ],
        details: [
          'Call or text 988 for the national Suicide and Crisis Lifeline.',
          'Counselors can dispatch a mobile crisis team.',
          'Interpreters are available in over 200 languages.',
        ],
        apply: ['Call any time; no appointment needed.'],
        wait: ['Calls are answered immediately.'],
      },
      {
        names: ['Walk-In Crisis Center', 'Crisis Walk-In Clinic'],
        codes: ['mental-health.crisis'],
        hours: ['always'],
        eligibility: ['open'],
        costs: ['free'],
        lead: [
          'A walk-in center open around the clock for anyone in a mental health or substance use crisis.',
        ],
        details: [
          'Short stabilization stays of up to five days are available.',
          'No insurance needed.',
        ],
      },
      {
        names: ['Psychiatric Services', 'Medication Management'],
        codes: ['mental-health'],
        hours: ['clinic', 'appointment'],
        eligibility: ['open', 'adults'],
        costs: ['insurance', 'sliding'],
        lead: [
          'Psychiatric evaluation and medication management by psychiatrists and psychiatric nurse practitioners.',
        ],
        details: ['Referral from a therapist or primary care provider preferred.'],
        documents: [docs.insurance],
        wait: ['4–6 weeks for a new psychiatric evaluation.'],
      },
      {
        names: ['Youth and Family Counseling', 'Teen Counseling'],
        codes: ['mental-health.counseling', 'family'],
        hours: ['office-evening', 'youth'],
        eligibility: ['youth', 'children'],
        costs: ['free', 'sliding'],
        lead: [
          'Counseling for children and teens dealing with anxiety, grief, bullying or family stress.',
        ],
        details: [
          'School-based sessions at several area schools.',
          'Parents are included in treatment.',
        ],
      },
      {
        names: ['Peer Support Groups', 'Support Groups'],
        codes: ['mental-health'],
        hours: ['class'],
        eligibility: ['open', 'adults'],
        costs: ['free'],
        lead: ['Free weekly support groups led by peers with lived experience of mental illness.'],
        details: [
          'Groups for grief, anxiety, new parents and family members.',
          'Drop in; no registration needed.',
        ],
      },
    ],
  },
  {
    kind: 'recovery',
    weight: 5,
    multilingual: 0.1,
    names: [
      '{nature} Recovery Center',
      '{area} Recovery Services',
      '{street} Street Recovery House',
      'New Dawn Recovery of {area}',
      '{nature} Treatment Center',
    ],
    about: [
      '{org} helps people and families recover from alcohol and drug use with treatment, peer support and harm reduction.',
      'A recovery organization in {area} offering detox, outpatient treatment and sober living.',
    ],
    services: [
      {
        names: [
          'Outpatient Substance Use Treatment',
          'Intensive Outpatient Program (IOP)',
          'Outpatient Addiction Treatment',
        ],
        codes: ['substance-use.treatment'],
        hours: ['office-evening', 'clinic'],
        eligibility: ['adults', 'open'],
        costs: ['sliding', 'insurance'],
        lead: [
          'Group and individual treatment for alcohol and drug use, several evenings a week so you can keep working.',
          'Structured outpatient treatment with counseling, relapse prevention and family sessions.',
        ],
        details: [
          'Medicaid accepted.',
          'Court-ordered and DUI education classes are offered.',
          'Childcare is available during evening groups.',
        ],
        documents: [docs.id, docs.insurance],
        apply: ['Call or walk in for a same-day assessment.'],
        wait: ['Assessments same day; groups start within a week.'],
      },
      {
        names: ['Medication for Opioid Use Disorder (MOUD)', 'Buprenorphine Clinic'],
        codes: ['substance-use.treatment', 'health'],
        hours: ['clinic'],
        eligibility: ['adults'],
        costs: ['insurance', 'sliding'],
        lead: [
          'Buprenorphine (Suboxone) and naltrexone treatment for opioid use disorder with counseling and care coordination.',
        ],
        details: [
          'Same-day starts are often possible.',
          'No one is discharged for a positive drug screen.',
        ],
      },
      {
        names: ['Withdrawal Management (Detox)', 'Detox Program'],
        codes: ['substance-use', 'health'],
        hours: ['always'],
        eligibility: ['adults'],
        costs: ['free', 'insurance'],
        lead: [
          'Medically monitored withdrawal management in a safe, supportive setting, open 24 hours.',
        ],
        details: [
          'Stays are usually 3–5 days.',
          'Staff help plan the next step in treatment before discharge.',
        ],
      },
      {
        names: ['Harm Reduction Services', 'Syringe Access and Naloxone'],
        codes: ['substance-use.harm-reduction'],
        hours: ['drop-in'],
        eligibility: ['open'],
        costs: ['free'],
        lead: [
          'Free naloxone (Narcan), fentanyl test strips, sterile supplies and wound care, no questions asked.',
        ],
        details: [
          'Anonymous; no ID needed.',
          'Peer navigators connect people to treatment when they are ready.',
          'HIV and hepatitis C testing available.',
        ],
      },
      {
        names: ['Recovery Residence', 'Sober Living Home'],
        fee: [175, 'per week, utilities included'],
        codes: ['substance-use', 'housing'],
        hours: ['office'],
        eligibility: ['adults', 'women', 'veterans'],
        costs: ['fee'],
        lead: [
          'Safe, sober shared housing with house meetings and peer support for people in early recovery.',
        ],
        details: [
          'Weekly program fee includes utilities.',
          'Residents must be working, in school or in treatment.',
        ],
        wait: ['Beds usually open within two weeks.'],
      },
      {
        names: ['Peer Recovery Coaching', 'Recovery Support Meetings'],
        codes: ['substance-use', 'mental-health'],
        hours: ['class', 'drop-in'],
        eligibility: ['open'],
        costs: ['free'],
        lead: ['One-on-one coaching and group meetings with peers who are in long-term recovery.'],
        details: ['All pathways to recovery are welcome.', 'Meetings in English and Spanish.'],
      },
    ],
  },
  {
    kind: 'legal-aid',
    weight: 5,
    multilingual: 0.2,
    names: [
      '{area} Legal Aid',
      'Front Range Legal Help',
      '{nature} Law Project',
      '{area} Justice Center',
      '{street} Legal Clinic',
      '{nature} Legal Services',
    ],
    about: [
      '{org} provides free civil legal help to people with low incomes in {county}.',
      'A nonprofit law office whose attorneys and volunteers help tenants, families and workers understand and defend their rights.',
    ],
    services: [
      {
        names: ['Eviction Defense', 'Tenant Eviction Defense Project', 'Eviction Legal Help'],
        codes: ['legal.eviction-defense', 'housing'],
        hours: ['office', 'appointment'],
        eligibility: ['income200', 'county', 'open'],
        costs: ['free'],
        lead: [
          'Free attorneys for tenants facing eviction, including representation at the county court hearing.',
          'Legal advice and courtroom representation for renters who receive an eviction notice or court summons.',
        ],
        details: [
          'Call as soon as you get a notice; deadlines are short.',
          'Attorneys are at the courthouse on eviction docket days.',
          'Help applying for rent assistance while the case is pending.',
        ],
        documents: [docs.eviction, docs.lease, docs.id],
        apply: ['Call the eviction hotline or walk in on docket days.'],
        wait: ['Urgent cases are seen the same day.'],
      },
      {
        names: ['Family Law Clinic', 'Divorce and Custody Help'],
        codes: ['legal.family-law', 'family'],
        hours: ['appointment', 'class'],
        eligibility: ['income200', 'open'],
        costs: ['free', 'sliding'],
        lead: ['Help with divorce, custody, parenting time, child support and protection orders.'],
        details: [
          'Self-help clinic with volunteer attorneys twice a month.',
          'Priority for survivors of domestic violence.',
        ],
        documents: [docs.id, docs.income],
      },
      {
        names: ['Record Sealing Clinic', 'Criminal Record Clean Slate Clinic'],
        codes: ['legal', 'employment'],
        hours: ['monthly', 'appointment'],
        eligibility: ['open', 'state'],
        costs: ['free'],
        lead: [
          'Volunteer attorneys help you find out which records can be sealed and file the paperwork.',
        ],
        details: ['Court filing fees may be waived for people with low incomes.'],
      },
      {
        names: ['Public Benefits Legal Help', 'Benefits Appeals'],
        codes: ['legal', 'disability'],
        hours: ['office'],
        eligibility: ['income200', 'disability'],
        costs: ['free'],
        lead: [
          'Legal help appealing denials or cuts to SSI, SSDI, Medicaid, SNAP and unemployment benefits.',
        ],
        details: ['Bring the denial letter; appeal deadlines can be as short as 10 days.'],
      },
      {
        names: ['Consumer and Debt Legal Clinic', 'Debt Collection Defense'],
        codes: ['legal'],
        hours: ['appointment'],
        eligibility: ['income250', 'open'],
        costs: ['free'],
        lead: [
          'Advice for people being sued over debts, facing wage garnishment or dealing with scams.',
        ],
        details: ['Clinic appointments are 30 minutes with a volunteer attorney.'],
      },
      {
        names: ['Immigration Legal Services', 'Immigration Consultations'],
        codes: ['immigration', 'legal'],
        hours: ['appointment'],
        eligibility: ['open', 'income200'],
        costs: ['sliding', 'free'],
        lead: [
          'Consultations and representation by DOJ-accredited representatives for green cards, DACA, asylum and family petitions.',
        ],
        details: [
          'Beware of notarios; only attorneys and accredited representatives may give immigration legal advice.',
          'Low-cost fees for application preparation.',
        ],
        documents: [docs.immigration, docs.id],
      },
    ],
  },
  {
    kind: 'workforce',
    weight: 6,
    multilingual: 0.15,
    names: [
      '{area} Career Connection',
      '{nature} Jobs Hub',
      '{area} Workforce Partners',
      '{street} Career Center',
      '{nature} Skills Academy',
    ],
    about: [
      '{org} helps job seekers in {area} find work, build skills and move into better-paying careers.',
      'A workforce center with free job search help, training scholarships and employer connections.',
    ],
    services: [
      {
        names: ['Job Search Assistance', 'Career Coaching', 'Job Readiness Center'],
        codes: ['employment.job-search'],
        hours: ['office', 'office-evening'],
        eligibility: ['open', 'adults', 'county'],
        costs: ['free'],
        lead: [
          'Free help writing a resume, searching for jobs, practicing interviews and applying online.',
          'One-on-one career coaching and a computer lab for job seekers.',
        ],
        details: [
          'Weekly hiring events with local employers.',
          'Printing and copying are free for job search.',
          'Help filing for unemployment insurance.',
        ],
        apply: ['Walk in or register online for an orientation.'],
      },
      {
        names: [
          'Job Training Scholarships',
          'Skilled Trades Training',
          'CNA and Medical Assistant Training',
        ],
        codes: ['employment.training'],
        hours: ['class', 'office'],
        eligibility: ['income200', 'adults', 'open'],
        costs: ['free'],
        lead: [
          'Paid training and certifications in healthcare, construction, IT and commercial driving.',
          'Tuition-free short-term training that leads to an industry-recognized credential.',
        ],
        details: [
          'Support for childcare, transportation and work clothes while in training.',
          'Classes start every eight weeks.',
        ],
        documents: [docs.id, docs.income, docs.ssn],
        wait: ['Next cohort begins within two months.'],
      },
      {
        names: ['Youth Employment Program', 'Summer Youth Jobs'],
        codes: ['employment.job-search'],
        hours: ['youth', 'office'],
        eligibility: ['youth'],
        costs: ['free'],
        lead: ['Paid work experience, internships and mentoring for young people ages 16 to 24.'],
        details: [
          'Help finishing a high school diploma or GED.',
          'Participants earn while they learn.',
        ],
      },
      {
        names: ['GED and Adult Education', 'High School Equivalency Classes'],
        codes: ['employment', 'immigration.english-classes'],
        hours: ['class'],
        eligibility: ['adults', 'open'],
        costs: ['free'],
        lead: ['Free classes to prepare for the GED or HiSET exams, plus basic math and reading.'],
        details: ['Morning and evening classes.', 'Testing vouchers provided.'],
      },
      {
        names: ['Veterans Employment Services', 'Veteran Career Services'],
        codes: ['employment.job-search'],
        hours: ['office'],
        eligibility: ['veterans'],
        costs: ['free'],
        lead: [
          'Dedicated employment specialists help veterans translate military skills and find civilian careers.',
        ],
        details: ['Priority of service for veterans and eligible spouses.'],
        documents: [docs.dd214],
      },
    ],
  },
  {
    kind: 'immigrant-services',
    weight: 5,
    multilingual: 0.9,
    names: [
      '{area} Newcomer Center',
      '{nature} Refugee Alliance',
      'Welcome Home {area}',
      '{nature} Immigrant Resource Center',
      '{street} International Center',
    ],
    about: [
      '{org} welcomes refugees and immigrants to the Denver area and helps them build new lives.',
      'A community center for immigrant and refugee families offering English classes, legal help and cultural navigation.',
    ],
    services: [
      {
        names: ['Refugee Resettlement', 'Newcomer Case Management'],
        codes: ['immigration.refugee-services'],
        hours: ['office'],
        eligibility: ['newcomers'],
        costs: ['free'],
        lead: [
          'Case management for newly arrived refugees and asylees: housing, benefits, school enrollment and medical appointments.',
          'Help for recent arrivals to settle in, find housing and connect with jobs and schools.',
        ],
        details: [
          'Caseworkers speak Arabic, Dari, Pashto, Swahili and Spanish.',
          'Airport pickup and furnished first apartments for new arrivals.',
        ],
        documents: [docs.immigration],
      },
      {
        names: ['English Classes (ESL)', 'English for Adults', 'Conversation English Classes'],
        codes: ['immigration.english-classes'],
        hours: ['class'],
        eligibility: ['adults', 'open'],
        costs: ['free'],
        lead: [
          'Free English classes for adults at every level, from beginners to advanced conversation.',
          'English as a second language classes with childcare provided.',
        ],
        details: [
          'Placement test at registration.',
          'Evening and weekend classes for working students.',
          'Digital literacy lessons included.',
        ],
      },
      {
        names: ['Citizenship Classes', 'Naturalization Workshops'],
        fee: [25, 'for class materials; waived on request'],
        codes: ['immigration'],
        hours: ['class', 'monthly'],
        eligibility: ['adults'],
        costs: ['free', 'fee'],
        lead: [
          'Classes to prepare for the U.S. citizenship interview and civics test, plus help filing Form N-400.',
        ],
        details: ['Fee waiver screening for people with low incomes.'],
        documents: [docs.immigration],
      },
      {
        names: ['Immigration Legal Clinic', 'DACA Renewal Clinic'],
        codes: ['immigration', 'legal'],
        hours: ['appointment', 'monthly'],
        eligibility: ['open'],
        costs: ['free', 'sliding'],
        lead: [
          'Free consultations with immigration attorneys and accredited representatives about your options.',
        ],
        details: ['Help with DACA renewals, family petitions, TPS and work permits.'],
      },
      {
        names: ['Interpretation and Cultural Navigation', 'Community Navigators'],
        codes: ['immigration', 'health'],
        hours: ['office'],
        eligibility: ['open'],
        costs: ['free'],
        lead: [
          'Community navigators who speak your language help you understand letters, make appointments and attend them with you.',
        ],
        details: ['Navigators speak more than 15 languages.'],
      },
      {
        names: ['Newcomer Job Placement', 'Employment Services for Refugees'],
        codes: ['employment', 'immigration.refugee-services'],
        hours: ['office'],
        eligibility: ['newcomers'],
        costs: ['free'],
        lead: [
          'Job placement, workplace English and credential recognition for refugees and other newcomers.',
        ],
        details: ['Employer partners in hospitality, healthcare, manufacturing and logistics.'],
      },
    ],
  },
  {
    kind: 'disability-services',
    weight: 5,
    multilingual: 0.1,
    names: [
      '{area} Independent Living Center',
      '{nature} Access Partners',
      '{nature} Ability Network',
      '{area} Disability Resource Center',
      '{street} Access Center',
    ],
    about: [
      '{org} is run by and for people with disabilities, supporting independence, access and full community participation.',
      'A disability services organization serving people with physical, sensory, intellectual and developmental disabilities in {county}.',
    ],
    services: [
      {
        names: ['Independent Living Skills', 'Independent Living Services'],
        codes: ['disability'],
        hours: ['office', 'appointment'],
        eligibility: ['disability'],
        costs: ['free'],
        lead: [
          'Peer mentoring and skills training in budgeting, cooking, transit use and self-advocacy.',
          'Help with independent living goals, from finding accessible housing to managing personal care attendants.',
        ],
        details: ['Services are led by people with disabilities.', 'Home visits are available.'],
      },
      {
        names: ['Assistive Technology Lending Library', 'Durable Medical Equipment Loan Closet'],
        codes: ['disability', 'health'],
        hours: ['office'],
        eligibility: ['open', 'disability'],
        costs: ['free'],
        lead: [
          'Borrow wheelchairs, walkers, shower chairs, hearing amplifiers and communication devices free of charge.',
        ],
        details: ['Try devices before you buy.', 'Staff adjust equipment to fit.'],
      },
      {
        names: ['SSI and SSDI Benefits Counseling', 'Work Incentives Counseling'],
        codes: ['disability', 'employment'],
        hours: ['appointment'],
        eligibility: ['disability'],
        costs: ['free'],
        lead: [
          'Benefits counselors explain how work affects SSI, SSDI and Medicaid, and help you apply or appeal.',
        ],
        details: ['Certified work incentives planners on staff.'],
        documents: [docs.disability, docs.id],
      },
      {
        names: ['Supported Employment', 'Vocational Rehabilitation Partnership'],
        codes: ['employment', 'disability'],
        hours: ['office'],
        eligibility: ['disability', 'adults'],
        costs: ['free'],
        lead: [
          'Job coaching and placement for people with disabilities who want competitive, integrated work.',
        ],
        details: ['Referrals from the Division of Vocational Rehabilitation accepted.'],
      },
      {
        names: ['Deaf and Hard of Hearing Services', 'ASL Community Services'],
        codes: ['disability'],
        hours: ['office'],
        eligibility: ['disability', 'open'],
        costs: ['free'],
        lead: [
          'Advocacy, ASL interpreting referrals and technology training for Deaf, DeafBlind and hard of hearing people.',
        ],
        details: ['Staff are fluent in American Sign Language.', 'Videophone available on site.'],
      },
      {
        names: ['Developmental Disability Case Management', 'Family Support Services'],
        codes: ['disability', 'family'],
        hours: ['office', 'appointment'],
        eligibility: ['disability', 'children'],
        costs: ['free'],
        lead: [
          'Case management, respite and family support for children and adults with intellectual and developmental disabilities.',
        ],
        details: [
          'Help applying for Medicaid waivers.',
          'Early intervention referrals for children under 3.',
        ],
      },
      {
        names: ['Accessible Rides Program', 'Wheelchair-Accessible Transportation'],
        fee: [3, 'per one-way ride'],
        codes: ['transportation', 'disability'],
        hours: ['office'],
        eligibility: ['disability', 'seniors'],
        costs: ['fee', 'free'],
        lead: [
          'Door-to-door, wheelchair-accessible rides to medical appointments, work and errands.',
        ],
        details: ['Book rides at least two business days ahead.'],
      },
    ],
  },
  {
    kind: 'utility-assistance',
    weight: 4,
    multilingual: 0.15,
    names: [
      '{area} Energy Help',
      '{nature} Energy Outreach',
      '{area} Warm Homes Fund',
      '{street} Utility Assistance Fund',
      '{nature} Bill Relief Program',
    ],
    about: [
      '{org} helps households in {county} keep the heat, lights and water on.',
      'A nonprofit energy assistance program that pays utility bills, fixes furnaces and weatherizes homes.',
    ],
    services: [
      {
        names: ['Energy Bill Assistance', 'Heating Bill Help', 'Emergency Utility Assistance'],
        codes: ['utilities.bill-assistance'],
        hours: ['office', 'appointment'],
        eligibility: ['income200', 'income250', 'county'],
        costs: ['free'],
        lead: [
          'One-time help paying gas and electric bills for households with low incomes.',
          'Emergency payments to Xcel Energy and other providers to stop a shut-off.',
        ],
        details: [
          'Call right away if you have a shut-off notice.',
          'Applications are screened for LEAP at the same time.',
          'Payments go directly to the utility company.',
        ],
        documents: [docs.shutoff, docs.id, docs.income],
        wait: ['Emergency shut-offs handled within 48 hours.'],
      },
      {
        names: ['LEAP Application Help', 'Low-Income Energy Assistance (LEAP) Enrollment'],
        codes: ['utilities.bill-assistance'],
        hours: ['office', 'winter'],
        eligibility: ['income200', 'state'],
        costs: ['free'],
        lead: [
          'Help applying for Colorado’s Low-income Energy Assistance Program (LEAP), which pays part of winter heating costs.',
        ],
        details: ['LEAP applications are accepted November 1 through April 30.'],
        documents: [docs.shutoff, docs.income, docs.ssn],
      },
      {
        names: ['Water Bill Assistance', 'Water and Sewer Bill Help'],
        codes: ['utilities'],
        hours: ['office'],
        eligibility: ['income250', 'zip'],
        costs: ['free'],
        lead: ['Credits toward past-due water and sewer bills for residential customers.'],
        details: ['Renters whose water is included in rent are not eligible.'],
        documents: [docs.shutoff],
      },
      {
        names: ['Weatherization Program', 'Home Energy Efficiency Upgrades'],
        codes: ['utilities', 'housing.repairs'],
        hours: ['office'],
        eligibility: ['income200', 'seniors'],
        costs: ['free'],
        lead: [
          'Free insulation, window repairs, furnace tune-ups and efficient appliances to lower energy bills.',
        ],
        details: ['Renters may apply with landlord permission.'],
        wait: ['Waitlist of 2–4 months.'],
      },
      {
        names: ['Phone and Internet Discounts', 'Lifeline Enrollment'],
        codes: ['utilities'],
        hours: ['office', 'drop-in'],
        eligibility: ['income130', 'open'],
        costs: ['free'],
        lead: ['Help signing up for Lifeline phone discounts and low-cost home internet plans.'],
        details: ['Free refurbished laptops for eligible households when available.'],
      },
    ],
  },
  {
    kind: 'family-resource',
    weight: 6,
    multilingual: 0.25,
    names: [
      '{area} Family Resource Center',
      '{nature} Family Center',
      '{street} Family Place',
      '{area} Parent Connection',
      '{nature} Children and Families',
    ],
    about: [
      '{org} is a family resource center where parents and caregivers find support, classes and connections in {area}.',
      'A family center helping children and parents thrive through early learning, basic needs and parenting support.',
    ],
    services: [
      {
        names: ['Parenting Classes', 'Positive Parenting Workshops'],
        codes: ['family'],
        hours: ['class', 'office-evening'],
        eligibility: ['families', 'open'],
        costs: ['free'],
        lead: [
          'Free parenting classes on child development, positive discipline and family routines.',
          'Workshop series for parents and caregivers of children from birth to teens.',
        ],
        details: [
          'Childcare and dinner provided during evening classes.',
          'Classes in English and Spanish.',
          'Certificates for court or caseworker requirements.',
        ],
      },
      {
        names: ['Child Care Assistance Enrollment', 'Child Care Navigation'],
        codes: ['family.child-care'],
        hours: ['office'],
        eligibility: ['families', 'income250', 'county'],
        costs: ['free'],
        lead: [
          'Help finding licensed childcare and applying for the Colorado Child Care Assistance Program (CCCAP).',
        ],
        details: [
          'Universal Preschool enrollment help.',
          'Lists of providers with current openings.',
        ],
        documents: [docs.income, docs.birth],
      },
      {
        names: ['Home Visiting Program', 'New Parent Home Visits'],
        codes: ['family', 'health'],
        hours: ['appointment'],
        eligibility: ['families', 'women'],
        costs: ['free'],
        lead: [
          'Trained home visitors support pregnant women and new parents with child development, health and community resources.',
        ],
        details: ['Visits continue until the child turns three.'],
      },
      {
        names: ['Family Emergency Assistance', 'Basic Needs Assistance'],
        codes: ['family', 'utilities', 'housing.rent-assistance', 'transportation.transit-fares'],
        hours: ['office'],
        eligibility: ['families', 'county', 'income200'],
        costs: ['free'],
        lead: [
          'Emergency help for families with children: rent or utility payments, gas cards, bus passes and household items.',
        ],
        details: [
          'Limited to once every 12 months.',
          'Staff screen for SNAP, Medicaid and Colorado Works (TANF).',
        ],
        documents: [docs.id, docs.income, docs.address],
      },
      {
        names: ['Back-to-School Supplies', 'School Supply and Coat Drive'],
        codes: ['family'],
        hours: ['weekend', 'monthly'],
        eligibility: ['children', 'families'],
        costs: ['free'],
        lead: ['Free backpacks, school supplies, winter coats and shoes for students.'],
        details: ['Pre-registration required.', 'Children must attend with a parent or guardian.'],
      },
      {
        names: ['Domestic Violence Advocacy', 'Safety Planning and Advocacy'],
        codes: ['family.domestic-violence', 'legal'],
        hours: ['always', 'office'],
        eligibility: ['open', 'women'],
        costs: ['free'],
        lead: [
          'Confidential advocacy, safety planning and help with protection orders for survivors of domestic violence.',
        ],
        details: [
          'Advocates can accompany survivors to court.',
          'Emergency hotel stays when shelter is full.',
        ],
      },
      {
        names: ['WIC Nutrition Program', 'WIC Clinic'],
        codes: ['food.benefits', 'family', 'health'],
        hours: ['clinic'],
        eligibility: ['families', 'women', 'income250'],
        costs: ['free'],
        lead: [
          'Healthy foods, breastfeeding support and nutrition education for pregnant women, new mothers and children under five.',
        ],
        details: ['Benefits are loaded onto an eWIC card.'],
        documents: [docs.id, docs.address, docs.income],
      },
    ],
  },
  {
    kind: 'transit',
    weight: 5,
    multilingual: 0.1,
    names: [
      '{area} Ride Connection',
      '{nature} Rides',
      '{area} Neighbor Rides',
      '{nature} Mobility Partners',
      '{street} Transit Access',
    ],
    about: [
      '{org} helps people in {county} get where they need to go: medical appointments, work, groceries and school.',
      'A nonprofit transportation program offering rides and transit fare help to older adults, people with disabilities and low-income riders.',
    ],
    services: [
      {
        names: [
          'Medical Rides',
          'Rides to Medical Appointments',
          'Non-Emergency Medical Transportation',
        ],
        codes: ['transportation.medical-rides', 'health'],
        hours: ['office'],
        eligibility: ['seniors', 'disability', 'open'],
        costs: ['free', 'insurance'],
        lead: [
          'Free rides to doctor, dialysis and pharmacy appointments for people without a car.',
          'Door-through-door rides to medical appointments with volunteer drivers.',
        ],
        details: [
          'Schedule at least 72 hours in advance.',
          'Medicaid members may qualify for covered rides.',
          'Drivers can wait during short appointments.',
        ],
        apply: ['Call the ride line to register and book.'],
      },
      {
        names: ['Reduced-Fare Transit Pass', 'Bus Pass Assistance', 'Transit Fare Help'],
        fee: [5, 'for a discounted ten-ride ticket book'],
        codes: ['transportation.transit-fares'],
        hours: ['office', 'drop-in'],
        eligibility: ['income200', 'open', 'seniors'],
        costs: ['free', 'fee'],
        lead: [
          'Discounted and free bus and light rail passes for riders with low incomes.',
          'Help enrolling in the regional reduced-fare program for bus and rail.',
        ],
        details: [
          'Ten-ride ticket books for job interviews and appointments.',
          'Bring proof of enrollment in SNAP or Medicaid to qualify quickly.',
        ],
        documents: [docs.id, docs.income],
      },
      {
        names: ['Senior Ride Program', 'Volunteer Driver Program'],
        codes: ['transportation'],
        hours: ['office'],
        eligibility: ['seniors'],
        costs: ['free'],
        lead: ['Volunteer drivers take older adults to groceries, appointments and errands.'],
        details: ['Donations welcome but not required.'],
      },
      {
        names: ['Car Repair Assistance', 'Vehicle Repair Program'],
        codes: ['transportation', 'employment'],
        hours: ['appointment'],
        eligibility: ['income200', 'families'],
        costs: ['sliding'],
        lead: ['Low-cost car repairs for working parents who need a vehicle to keep their job.'],
        details: ['Repairs done by partner shops at cost.'],
      },
      {
        names: ['Community Bike Shop', 'Earn-a-Bike Program'],
        codes: ['transportation'],
        hours: ['weekend', 'youth'],
        eligibility: ['open', 'youth'],
        costs: ['free', 'sliding'],
        lead: [
          'Learn to fix your own bike and earn a refurbished bike by volunteering in the shop.',
        ],
        details: ['Free helmets and lights.'],
      },
    ],
  },
  {
    kind: 'church',
    weight: 5,
    multilingual: 0.15,
    names: [
      '{nature} Community Church',
      '{street} Street Fellowship',
      '{nature} Hills Fellowship',
      '{area} Mennonite Fellowship',
      '{nature} Chapel Outreach',
    ],
    about: [
      '{org} is a congregation in {area} whose outreach ministries serve neighbors in need, whatever their faith.',
      'A neighborhood church opening its doors for meals, groceries and a helping hand.',
    ],
    services: [
      {
        names: ['Food Closet', 'Church Food Pantry', 'Saturday Food Pantry'],
        codes: ['food.pantry'],
        hours: ['weekend', 'pantry'],
        eligibility: ['open', 'zip'],
        costs: ['free'],
        lead: [
          'Groceries and fresh bread for anyone in need, handed out by church volunteers.',
          'A small food closet stocked by the congregation with canned goods, pasta, cereal and peanut butter.',
        ],
        details: [
          'No proof of need required.',
          'Hygiene kits available.',
          'Prayer is offered but never required.',
        ],
      },
      {
        names: ['Community Dinner', 'Wednesday Night Supper'],
        codes: ['food.meals'],
        hours: ['meals'],
        eligibility: ['open'],
        costs: ['free'],
        lead: ['A free sit-down dinner in the fellowship hall, open to everyone.'],
        details: ['Families with children are welcome.', 'Leftovers are sent home in to-go boxes.'],
      },
      {
        names: ['Emergency Assistance Fund', 'Benevolence Fund'],
        codes: ['utilities.bill-assistance', 'housing.rent-assistance'],
        hours: ['appointment'],
        eligibility: ['zip', 'county'],
        costs: ['free'],
        lead: [
          'Small one-time grants toward rent, utility bills or prescriptions for neighbors in a crisis.',
        ],
        details: [
          'Assistance up to $200, paid directly to the landlord or utility.',
          'Limited to once per year.',
        ],
        documents: [docs.id, docs.shutoff],
      },
      {
        names: ['Clothing Closet', 'Free Clothing Bank'],
        codes: ['family'],
        hours: ['weekend'],
        eligibility: ['open'],
        costs: ['free'],
        lead: ['Free gently used clothing, shoes and winter coats for all ages.'],
        details: ['Professional clothing for job interviews is available.'],
      },
      {
        names: ['Warming Center', 'Cold Weather Shelter'],
        codes: ['housing.shelter'],
        hours: ['winter'],
        eligibility: ['open'],
        costs: ['free'],
        lead: ['Overnight cots and warm meals in the church hall on the coldest nights of winter.'],
        details: ['Opens when temperatures are forecast below 20°F.'],
      },
      {
        names: ['Free Tax Preparation (VITA)', 'Volunteer Tax Help'],
        codes: ['employment'],
        hours: ['weekend', 'appointment'],
        eligibility: ['income250'],
        costs: ['free'],
        lead: [
          'IRS-certified volunteers prepare and e-file tax returns for free, including the Earned Income Tax Credit.',
        ],
        details: ['Tax season only, February through mid-April.'],
        documents: [docs.id, docs.ssn, docs.income],
      },
    ],
  },
  {
    kind: 'library',
    weight: 3,
    multilingual: 0.3,
    names: ['{area} Reading Room', '{nature} Community Library', '{street} Learning Commons'],
    about: [
      '{org} is a neighborhood library and learning space with free computers, classes and help for people of every age.',
    ],
    services: [
      {
        names: ['Digital Navigator Help', 'Computer and Internet Help'],
        codes: ['employment', 'utilities'],
        hours: ['drop-in', 'office-evening'],
        eligibility: ['open'],
        costs: ['free'],
        lead: [
          'Free one-on-one help using a computer or phone, setting up email, and applying for jobs and benefits online.',
        ],
        details: [
          'Wi-Fi hotspots and laptops can be checked out.',
          'Help in English, Spanish and Vietnamese.',
        ],
      },
      {
        names: ['English Conversation Circle', 'ESL Conversation Group'],
        codes: ['immigration.english-classes'],
        hours: ['class'],
        eligibility: ['open'],
        costs: ['free'],
        lead: ['Practice speaking English in a relaxed, friendly group led by volunteers.'],
        details: ['All levels welcome; no registration.'],
      },
      {
        names: ['Family Story Time and Early Literacy', 'Baby and Toddler Story Time'],
        codes: ['family.child-care', 'family'],
        hours: ['class', 'weekend'],
        eligibility: ['children', 'families'],
        costs: ['free'],
        lead: [
          'Songs, stories and play for babies, toddlers and preschoolers with their caregivers.',
        ],
        details: ['Bilingual story time on Saturdays.'],
      },
      {
        names: ['Job Lab', 'Resume and Job Application Lab'],
        codes: ['employment.job-search'],
        hours: ['office-evening'],
        eligibility: ['open'],
        costs: ['free'],
        lead: [
          'Drop-in help with resumes, cover letters and online applications from library staff and volunteers.',
        ],
        details: ['Free printing of up to 20 pages for job search.'],
      },
      {
        names: ['Citizenship Corner', 'Newcomer Resource Desk'],
        codes: ['immigration'],
        hours: ['class', 'office'],
        eligibility: ['open'],
        costs: ['free'],
        lead: [
          'Study materials for the citizenship test and referrals to trusted immigration legal help.',
        ],
        details: ['Materials in many languages.'],
      },
    ],
  },
  {
    kind: 'senior-center',
    weight: 4,
    multilingual: 0.2,
    names: [
      '{area} Senior Center',
      '{nature} Senior Services',
      '{area} Active Aging Center',
      '{street} Elder Services',
    ],
    about: ['{org} helps older adults in {area} stay healthy, connected and independent at home.'],
    services: [
      {
        names: ['Congregate Lunch for Seniors', 'Senior Lunch Program'],
        codes: ['food.meals'],
        hours: ['meals'],
        eligibility: ['seniors'],
        costs: ['free', 'sliding'],
        lead: ['A hot, balanced lunch served weekdays in good company for adults 60 and older.'],
        details: [
          'A suggested donation of $3 is welcome but not required.',
          'Reserve by 10 am the day before.',
        ],
      },
      {
        names: ['Medicare Counseling (SHIP)', 'Medicare Options Counseling'],
        codes: ['health'],
        hours: ['appointment'],
        eligibility: ['seniors', 'disability'],
        costs: ['free'],
        lead: [
          'Unbiased one-on-one counseling to compare Medicare plans and apply for help with costs.',
        ],
        details: ['Open enrollment appointments fill quickly in the fall.'],
      },
      {
        names: ['Senior Transportation', 'Senior Shuttle'],
        fee: [2, 'suggested per ride'],
        codes: ['transportation', 'transportation.medical-rides'],
        hours: ['office'],
        eligibility: ['seniors', 'disability'],
        costs: ['free', 'fee'],
        lead: [
          'Scheduled shuttle rides for older adults to the center, grocery stores and medical appointments.',
        ],
        details: ['Wheelchair-accessible vans.'],
      },
      {
        names: ['Caregiver Support', 'Family Caregiver Program'],
        codes: ['family', 'mental-health'],
        hours: ['class', 'office'],
        eligibility: ['open'],
        costs: ['free'],
        lead: [
          'Support groups, respite grants and coaching for family members caring for an older adult.',
        ],
        details: ['Respite grants can pay for in-home care or adult day programs.'],
      },
      {
        names: ['Senior Fitness and Fall Prevention', 'Healthy Aging Classes'],
        fee: [3, 'per class'],
        codes: ['health'],
        hours: ['class'],
        eligibility: ['seniors'],
        costs: ['free', 'fee'],
        lead: ['Evidence-based exercise and balance classes that help prevent falls.'],
        details: ['SilverSneakers members attend free.'],
      },
    ],
  },
  {
    kind: 'veterans',
    weight: 3,
    multilingual: 0.05,
    names: [
      '{nature} Veterans Alliance',
      '{area} Veterans Hub',
      'Operation {nature}',
      '{area} Veterans Outreach',
    ],
    about: [
      '{org} serves veterans and military families in the Denver area with housing, jobs and peer support.',
    ],
    services: [
      {
        names: ['Veteran Housing Assistance', 'Supportive Services for Veteran Families'],
        codes: ['housing.rent-assistance', 'housing'],
        hours: ['office'],
        eligibility: ['veterans'],
        costs: ['free'],
        lead: [
          'Rent help, deposits and case management for veterans who are homeless or at risk of losing housing.',
        ],
        details: ['Help connecting to HUD-VASH vouchers.'],
        documents: [docs.dd214, docs.id],
      },
      {
        names: ['Veteran Peer Support', 'Vet-to-Vet Counseling'],
        codes: ['mental-health.counseling'],
        hours: ['class', 'office-evening'],
        eligibility: ['veterans'],
        costs: ['free'],
        lead: [
          'Peer support groups and counseling for veterans dealing with PTSD, moral injury and transition stress.',
        ],
        details: ['Family members are welcome in some groups.'],
      },
      {
        names: ['VA Benefits Claims Help', 'Veteran Benefits Navigation'],
        codes: ['legal', 'disability'],
        hours: ['appointment'],
        eligibility: ['veterans'],
        costs: ['free'],
        lead: [
          'Accredited service officers help veterans file VA disability, pension and healthcare claims.',
        ],
        details: ['Never pay for help filing a VA claim.'],
        documents: [docs.dd214],
      },
      {
        names: ['Transitional Housing for Veterans', 'Veteran Residence'],
        codes: ['housing', 'substance-use'],
        hours: ['always'],
        eligibility: ['veterans'],
        costs: ['free'],
        lead: [
          'Transitional housing for up to two years with on-site support for sobriety, employment and health.',
        ],
        details: ['Referrals through the VA or self-referral.'],
      },
    ],
  },
  {
    kind: 'youth',
    weight: 3,
    multilingual: 0.1,
    names: [
      '{area} Youth Center',
      '{nature} Youth Collective',
      '{street} Teen Center',
      '{area} Youth Services',
    ],
    about: [
      '{org} offers young people in {area} a safe place to go, caring adults and a path to school, work and housing.',
    ],
    services: [
      {
        names: ['Youth Drop-In Center', 'Teen Drop-In'],
        codes: ['family', 'housing'],
        hours: ['youth', 'drop-in'],
        eligibility: ['youth'],
        costs: ['free'],
        lead: [
          'A drop-in center for young people with meals, showers, laundry, computers and caring staff.',
        ],
        details: ['Help with IDs, school enrollment and job applications.', 'LGBTQ+ affirming.'],
      },
      {
        names: ['Youth Counseling', 'Teen Mental Health Support'],
        codes: ['mental-health.counseling'],
        hours: ['youth', 'office-evening'],
        eligibility: ['youth'],
        costs: ['free'],
        lead: ['Free, confidential counseling for teens and young adults.'],
        details: ['Young people 15 and older can consent to their own counseling in Colorado.'],
      },
      {
        names: ['Mentoring Program', 'After-School Program'],
        codes: ['family'],
        hours: ['youth'],
        eligibility: ['children', 'youth'],
        costs: ['free'],
        lead: ['Homework help, sports, art and mentoring after school.'],
        details: ['Snacks and dinner served.'],
      },
      {
        names: ['Youth Recovery Support', 'Teen Substance Use Program'],
        codes: ['substance-use'],
        hours: ['youth', 'class'],
        eligibility: ['youth'],
        costs: ['free'],
        lead: [
          'Substance use prevention and recovery support groups designed for teens and young adults.',
        ],
        details: ['Parents can attend a separate family group.'],
      },
    ],
  },
];

/** Residential street names of Denver, used in invented organization names. */
export const nameStreets: readonly string[] = [
  'Clayton',
  'Gaylord',
  'Vine',
  'Race',
  'Humboldt',
  'Franklin',
  'Gilpin',
  'Williams',
  'Lafayette',
  'Marion',
  'Emerson',
  'Ogden',
  'Corona',
  'Clarkson',
  'Pearl',
  'Pennsylvania',
  'Logan',
  'Sherman',
  'Acoma',
  'Bannock',
  'Cherokee',
  'Delaware',
  'Elati',
  'Galapago',
  'Inca',
  'Jason',
  'Kalamath',
  'Lipan',
  'Mariposa',
  'Navajo',
  'Osage',
  'Pecos',
  'Quivas',
  'Raritan',
  'Shoshone',
  'Tejon',
  'Umatilla',
  'Vallejo',
  'Wyandot',
  'Alcott',
  'Bryant',
  'Decatur',
  'Eliot',
  'Grove',
  'Hooker',
  'Irving',
  'Julian',
  'King',
  'Meade',
  'Newton',
  'Osceola',
  'Perry',
  'Quitman',
  'Raleigh',
  'Stuart',
  'Utica',
  'Vrain',
  'Winona',
  'Xavier',
  'Yates',
  'Dahlia',
  'Elm',
  'Fairfax',
  'Glencoe',
  'Hudson',
  'Ivanhoe',
  'Jasmine',
  'Kearney',
  'Leyden',
  'Locust',
  'Magnolia',
  'Niagara',
  'Oneida',
  'Poplar',
  'Roslyn',
  'Syracuse',
  'Trenton',
  'Uinta',
  'Verbena',
  'Willow',
  'Xenia',
  'Ulster',
  'Krameria',
  'Jersey',
  'Ivy',
  'Birch',
  'Cook',
  'Milwaukee',
  'Steele',
  'Adams',
];

/** Nature and landscape words of the Front Range, used in invented organization names. */
export const nameNature: readonly string[] = [
  'Blue Spruce',
  'Cottonwood',
  'Piñon',
  'Aspen Leaf',
  'Lark Bunting',
  'Pasqueflower',
  'Sandstone',
  'Ponderosa',
  'Prairie Wind',
  'Yucca',
  'Juniper',
  'Foothills',
  'Sand Creek',
  'Clear Creek',
  'Bear Creek',
  'Silver Sage',
  'Kestrel',
  'Magpie',
  'Chokecherry',
  'Buffalo Grass',
  'Rabbitbrush',
  'High Plains',
  'Twin Peaks',
  'Red Mesa',
  'Goldenrod',
  'Sunflower',
  'Meadowlark',
  'Prairie Dog',
  'Bluebell',
  'Harvest Moon',
  'Willow Creek',
  'Sagebrush',
  'Lodgepole',
  'Granite Peak',
  'Dry Creek',
  'Wild Plum',
  'Larkspur',
  'Fireweed',
  'Thistle',
  'Elk Meadow',
  'Morning Star',
  'Open Sky',
  'Riverbend',
  'Timberline',
  'Stonebridge',
  'Canyon Wren',
  'Gray Fox',
  'Sunrise Ridge',
];

/** Invented honorees for "{person} House" style names. */
export const namePeople: readonly string[] = [
  'Marisol Baca',
  'Ruth Alvarado',
  'Henry Okafor',
  'Lena Whitfield',
  'Tomas Archuleta',
  'Grace Nakamura',
  'Delia Montoya',
  'Walter Bright',
  'Amara Tesfaye',
  'Josephine Ruiz',
  'Samuel Kirkland',
  'Rosa Quintana',
  'Evelyn Marsh',
  'Abdi Warsame',
  'Clara Vigil',
  'Isaac Holloway',
  'Nadia Haddad',
  'Frank Trujillo',
  'Mae Ellison',
  'Luis Espinoza',
  'Hannah Lindqvist',
  'Oscar Madrid',
  'Beatriz Lucero',
  'James Kittredge',
];

/** Languages beyond English and Spanish spoken in Denver-area programs: [ISO 639 code, name, weight]. */
export const extraLanguages: readonly (readonly [string, string, number])[] = [
  ['vi', 'Vietnamese', 10],
  ['am', 'Amharic', 8],
  ['ar', 'Arabic', 8],
  ['so', 'Somali', 6],
  ['ru', 'Russian', 6],
  ['zh', 'Chinese', 5],
  ['ne', 'Nepali', 5],
  ['my', 'Burmese', 4],
  ['fr', 'French', 6],
  ['sw', 'Swahili', 5],
  ['ti', 'Tigrinya', 3],
  ['fa', 'Persian', 3],
  ['prs', 'Dari', 3],
  ['ps', 'Pashto', 3],
  ['uk', 'Ukrainian', 4],
  ['ko', 'Korean', 3],
  ['ase', 'American Sign Language', 3],
];
