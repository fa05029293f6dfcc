/**
 * schema.org types derived from Organization (schema.org 28, Organization's subtree), so a
 * Restaurant, a Dentist, a SportsTeam or an NGO is read as the company it is. Kept as data: new
 * subtypes are added here, not as patterns in code.
 */
export const ORGANIZATION_TYPES: ReadonlySet<string> = new Set(
  `Organization Airline Consortium Cooperative Corporation EducationalOrganization
  CollegeOrUniversity ElementarySchool HighSchool MiddleSchool Preschool School FundingScheme
  GovernmentOrganization LibrarySystem MedicalOrganization Dentist DiagnosticLab Hospital
  MedicalClinic CovidTestingFacility Pharmacy Physician IndividualPhysician PhysiciansOffice
  VeterinaryCare NewsMediaOrganization NGO OnlineBusiness OnlineStore PerformingGroup DanceGroup
  MusicGroup TheaterGroup PoliticalParty Project FundingAgency ResearchProject
  ResearchOrganization SearchRescueOrganization SportsOrganization SportsTeam WorkersUnion
  LocalBusiness AnimalShelter ArchiveOrganization AutomotiveBusiness AutoBodyShop AutoDealer
  AutoPartsStore AutoRental AutoRepair AutoWash GasStation MotorcycleDealer MotorcycleRepair
  ChildCare DryCleaningOrLaundry EmergencyService FireStation PoliceStation EmploymentAgency
  EntertainmentBusiness AdultEntertainment AmusementPark ArtGallery Casino ComedyClub
  MovieTheater NightClub FinancialService AccountingService AutomatedTeller BankOrCreditUnion
  InsuranceAgency FoodEstablishment Bakery BarOrPub Brewery CafeOrCoffeeShop Distillery
  FastFoodRestaurant IceCreamShop Restaurant Winery GovernmentOffice PostOffice
  HealthAndBeautyBusiness BeautySalon DaySpa HairSalon HealthClub NailSalon TattooParlor
  HomeAndConstructionBusiness Electrician GeneralContractor HVACBusiness HousePainter Locksmith
  MovingCompany Plumber RoofingContractor InternetCafe LegalService Attorney Notary Library
  LodgingBusiness BedAndBreakfast Campground Hostel Hotel Motel Resort SkiResort VacationRental
  MedicalBusiness CommunityHealth Dermatology DietNutrition Emergency Geriatric Gynecologic
  Midwifery Nursing Obstetric Oncologic Optician Optometric Otolaryngologic Pediatric
  Physiotherapy PlasticSurgery Podiatric PrimaryCare Psychiatric PublicHealth
  ProfessionalService RadioStation RealEstateAgent RecyclingCenter SelfStorage ShoppingCenter
  SportsActivityLocation BowlingAlley ExerciseGym GolfCourse PublicSwimmingPool SportsClub
  StadiumOrArena TennisComplex Store BikeStore BookStore ClothingStore ComputerStore
  ConvenienceStore DepartmentStore ElectronicsStore Florist FurnitureStore GardenStore
  GroceryStore HardwareStore HobbyShop HomeGoodsStore JewelryStore LiquorStore MensClothingStore
  MobilePhoneStore MovieRentalStore MusicStore OfficeEquipmentStore OutletStore PawnShop PetStore
  ShoeStore SportingGoodsStore TireShop ToyStore WholesaleStore TelevisionStation
  TouristInformationCenter TravelAgency`
    .split(/\s+/)
    .filter((t) => t !== ''),
);

/** Organisations whose listed people (athletes, coaches, band members) are not its staff. */
export const MEMBERSHIP_ORGANIZATIONS: ReadonlySet<string> = new Set([
  'SportsTeam',
  'SportsOrganization',
  'SportsClub',
  'MusicGroup',
  'DanceGroup',
  'TheaterGroup',
  'PerformingGroup',
  'PoliticalParty',
  'WorkersUnion',
]);
