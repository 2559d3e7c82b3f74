package identity

// Name pools, uppercase as a KTP prints them. Common names of each naming
// tradition, assembled at random: no entry, and no intended combination,
// names a real public figure.

// Javanese. Older people often carry a single name; middle generations a
// given name plus a second name; young people Arabic or Sanskrit-derived
// modern names.
var (
	jawaOldMale = []string{"SUPARMAN", "SUGIYONO", "SLAMET", "PAIMIN", "SUKIMAN", "SUPARNO", "KASMAN",
		"SUTRISNO", "WAGIMAN", "SUMARNO", "PARJO", "MULYONO", "SUYATNO", "SUKARDI", "TUKIMAN", "SARDJONO"}
	jawaOldFemale = []string{"SUPARMI", "SUMARNI", "TUMINAH", "SUNARSIH", "PAINEM", "SUKINAH", "WAGIYEM",
		"SUTINAH", "MARSINAH", "SUKARTI", "SRI MULYANI", "PARTINAH", "SUMIATI", "KATINEM", "SUWARNI"}
	jawaMale = []string{"BUDI", "AGUS", "BAMBANG", "EKO", "DWI", "JOKO", "HERU", "WAHYU", "TRI", "ADI",
		"ARIF", "YUDHA", "HARI", "ANTON", "DIDIK", "TEGUH", "BAYU", "DANANG", "GUNAWAN", "SIGIT", "IWAN",
		"RUDI", "HENDRO", "WIDODO", "SETYO", "PURWANTO", "NUR", "ANDI", "YOGI", "BENI"}
	jawaMaleLast = []string{"SANTOSO", "PRASETYO", "WIBOWO", "NUGROHO", "SETIAWAN", "RAHARJO", "HARTONO",
		"PURNOMO", "SUSANTO", "SAPUTRO", "WIDODO", "KURNIAWAN", "HIDAYAT", "HARYANTO", "WAHYUDI",
		"SULISTYO", "SUBAGYO", "UTOMO", "PRABOWO", "SETIADI", "SUPRIYADI", "HANDOKO", "MURYANTO"}
	jawaFemale = []string{"SRI", "SITI", "ENDANG", "DEWI", "RATNA", "YUNI", "TITIK", "PUJI", "RINI",
		"ENI", "WATI", "ANIK", "LILIK", "ETIK", "NANIK", "DIAH", "TRI", "DWI", "EKA", "NUR", "INDAH",
		"YULI", "NINING", "ERNA", "UMI", "ANI"}
	jawaFemaleLast = []string{"WAHYUNI", "LESTARI", "RAHAYU", "SUSANTI", "WULANDARI", "NINGSIH",
		"HANDAYANI", "PURWANTI", "SULISTYOWATI", "SETYOWATI", "MULYANI", "KUSUMAWATI", "WIDAYATI",
		"ASTUTI", "SUSILOWATI", "HARTATI", "PRATIWI", "RAHMAWATI", "WINARSIH", "SURYANI"}
)

// Sundanese.
var (
	sundaMale = []string{"ASEP", "UJANG", "DEDE", "CECEP", "DADANG", "AAN", "UDIN", "JAJANG", "YAYAN",
		"HENDRA", "RIDWAN", "DEDI", "ENDANG", "OMAN", "UCU", "AGUS", "YANA", "IWAN", "ADE", "ENTIS",
		"DENI", "ROHMAT", "KOMAR", "ENJANG", "TATANG"}
	sundaMaleLast = []string{"SUNANDAR", "SUPRIATNA", "HIDAYAT", "KURNIAWAN", "RUKMANA", "PERMANA",
		"SAPUTRA", "GUNAWAN", "SOBARI", "NURJAMAN", "SUTISNA", "RUSTANDI", "MULYANA", "SOLIHIN",
		"SETIAWAN", "SOPIAN", "SUHERMAN", "WAHYUDIN", "KOSASIH", "SUHENDAR", "RAHMAT", "HERMAWAN"}
	sundaFemale = []string{"NENG", "EUIS", "IMAS", "ENOK", "TATI", "YATI", "NUNUNG", "CUCU", "ELIS",
		"RINA", "SITI", "ENTIN", "IIS", "YAYAH", "NENDEN", "LILIS", "DEDEH", "EMAH", "IDA", "NINA",
		"ANI", "ENENG", "YAYU"}
	sundaFemaleLast = []string{"NURHAYATI", "ROHAYATI", "KURNIASIH", "SUMIATI", "MULYATI", "RATNASARI",
		"SARIPAH", "KOMALASARI", "SUKMAWATI", "NURLAELA", "ROSITA", "JUHAENAH", "MARLINA", "SOLIHAH",
		"HERAWATI", "FITRIANI", "NURJANAH", "SUTIANI"}
)

// Minangkabau.
var (
	minangMale = []string{"RIZAL", "AFRIZAL", "ZULKIFLI", "DEDI", "HENDRI", "FAUZAN", "ANDRI", "YUSRIL",
		"ERWIN", "SYAFRIL", "NOFRIZAL", "ELFIANDRI", "YULIANDRI", "ZULFAHMI", "RAHMAT", "JONI",
		"MARDIUS", "ASRIL", "DEFRI", "YONDRI", "RIKO", "ROSMAN"}
	minangMaleLast = []string{"PUTRA", "SAPUTRA", "EFENDI", "SYAHPUTRA", "ZAINAL", "YUSUF", "AMRI",
		"HASAN", "IRAWAN", "HENDRA", "KURNIA", "SUTAN", "MULIA", "ANSYARI", "MARZUKI", "SYAMSUL"}
	minangFemale = []string{"YULIA", "FITRI", "NOVI", "YENNI", "RAHMI", "MARNI", "DESI", "ELVI", "SUSI",
		"YUSNI", "DELVI", "YELFI", "NURHASANAH", "ROSMANIAR", "ERNI", "YULIS", "DEWI", "FATMA", "WIRDA"}
	minangFemaleLast = []string{"YENTI", "RAHMAWATI", "SUSANTI", "HARTATI", "YANTI", "NOVITA", "ERNAWATI",
		"MARLINA", "FITRIANI", "ZULHAIDA", "YUSNIDAR", "ASMAWATI", "WAHYUNI", "ROSNI"}
)

// Bugis, Makassar, Mandar. ANDI is an inherited noble title; MUH. is how
// Muhammad is shortened on many Sulawesi KTPs.
var (
	bugisMale = []string{"ARDIANSYAH", "SYAMSUL", "HASAN", "AMIRUDDIN", "JUMAIN", "RUSLAN", "SUDIRMAN",
		"IRWAN", "HAERUL", "BAHARUDDIN", "SYAHRIR", "ARIFUDDIN", "HASANUDDIN", "MUSLIMIN", "RAHMAN",
		"SAINAL", "BASRI", "JUFRI", "ASRUL", "NASRUN", "MANSUR", "HAMKA", "ILHAM", "FADLI"}
	bugisMaleLast = []string{"SAPUTRA", "RAHMAN", "SYAM", "AMIN", "HAMID", "HAKIM", "ARIF", "MUIN",
		"LATIF", "MAKKASAU", "PAWELLOI", "DAENG", "MAPPA", "SULTAN", "ALWI"}
	bugisFemale = []string{"HASNAWATI", "NURHAYATI", "HASMAWATI", "ISMAWATI", "RAHMAWATI", "NURMIATI",
		"SUMARNI", "JUMRIAH", "HAERANI", "MASNAWATI", "SITTI", "NURHAEDAH", "SAENAB", "HADIJAH",
		"MARWAH", "ASMA", "NURSIAH", "DARMAWATI", "HASNIAH", "MUSDALIFAH", "RISMAWATI", "ERNAWATI"}
	bugisFemaleLast = []string{"AMINAH", "RAHMAN", "SYAM", "NUR", "HAMID", "SARI", "AMIR", "BASO"}
)

// Malay and generally Islamic naming: Aceh, Riau, Jambi, South Sumatra,
// Kalimantan, Betawi, Madura, Sasak, Gorontalo, North Maluku.
var (
	melayuMale = []string{"RAHMAT", "ZULFAHMI", "SYAHRIAL", "HERMAN", "RUSLI", "JAMALUDDIN", "SAIFUL",
		"ANWAR", "HAMDAN", "RIDWAN", "ISKANDAR", "KHAIRUL", "FADLI", "SUHAIMI", "IDRIS", "MUKHLIS",
		"NASRUDDIN", "ABDULLAH", "YUSRAN", "AZHAR", "FAISAL", "MAHMUD", "SYAHRUL", "ARIFIN", "HASBI",
		"MUNAWAR", "ZAINUDDIN", "ILYAS", "SOFYAN", "HAMZAH"}
	melayuMaleLast = []string{"HASAN", "YUSUF", "IBRAHIM", "ISMAIL", "ABDULLAH", "RAHMAN", "SAPUTRA",
		"EFENDI", "HIDAYAT", "HAMZAH", "SYAHPUTRA", "MAULANA", "FIRDAUS", "HUSIN", "SALEH", "ZAKARIA",
		"AMIN", "RAMLI", "ANSHARI", "RASYID"}
	melayuFemale = []string{"NURHAYATI", "AMINAH", "FATIMAH", "ROSMIATI", "NURJANAH", "HALIMAH", "ZAINAB",
		"MARIANI", "JUNAIDAH", "RUSMINI", "SALMAH", "MASITAH", "NURUL", "SITI", "AISYAH", "RAHMAH",
		"SYARIFAH", "HAFSAH", "MARDIANA", "ROSMAWATI", "NURAINI", "FAUZIAH", "HUSNA", "MAIMUNAH"}
	melayuFemaleLast = []string{"HASANAH", "AINI", "FITRIA", "RAHMAWATI", "HIDAYAH", "SAFITRI", "WAHYUNI",
		"YANTI", "SARI", "HUSNA", "ZAHRA", "JANNAH"}
)

// Modern names, common among Muslims born from the mid-1990s on.
var (
	modernMale = []string{"MUHAMMAD", "RIZKY", "FAJAR", "AKBAR", "DIMAS", "RAFI", "ARYA", "ILHAM", "DAFFA",
		"FARHAN", "ALIF", "BAGAS", "GILANG", "REZA", "ADITYA", "FIKRI", "RAKA", "DANIEL", "KEVIN",
		"YUSUF", "NAUFAL", "HAFIZ", "ZIDAN", "FADIL", "RADITYA", "AHMAD", "ALDI", "IQBAL"}
	modernMaleLast = []string{"PRATAMA", "SAPUTRA", "RAMADHAN", "MAULANA", "HIDAYAT", "FIRMANSYAH",
		"NUGRAHA", "AKBAR", "PRASETYA", "KURNIAWAN", "SYAHPUTRA", "WIJAYA", "ARDIANSYAH", "FAUZI",
		"HAKIM", "ALFARIZI", "PERMANA", "SETIAWAN", "WIBISONO", "ADITAMA"}
	modernFemale = []string{"NUR", "PUTRI", "AULIA", "SALSABILA", "NABILA", "AYU", "DINDA", "ANISA",
		"ZAHRA", "NADIA", "AMELIA", "KEISHA", "TASYA", "SITI", "INTAN", "ALYA", "NAYLA", "RAHMA",
		"FITRI", "DEVI", "VIVI", "SHINTA", "AISYAH", "DEWI", "NOVITA", "TIARA", "CANTIKA"}
	modernFemaleLast = []string{"RAHMADANI", "PUTRI", "SAFITRI", "LESTARI", "AGUSTINA", "NURHALIZA",
		"MAHARANI", "ANGGRAINI", "PRATIWI", "KHAIRUNNISA", "RAMADHANI", "FEBRIANTI", "OKTAVIANI",
		"AZZAHRA", "SARI", "WULANDARI", "PERMATASARI", "APRILIA", "AMALIA", "FADILAH"}
)

// Batak. Marga are inherited from the father; women are often written
// "<given> BR <marga>" (boru). Muslim Batak (Mandailing, Angkola) carry their
// own marga.
var (
	batakMale = []string{"HOTMAN", "PARLINDUNGAN", "TUMPAL", "BONAR", "POLTAK", "MANGIHUT", "SAHAT",
		"TOGAR", "BINSAR", "JONRI", "RONALD", "MARULI", "LAMHOT", "RAJA", "ROBINSON", "JHON",
		"MARTUA", "PANDAPOTAN", "TIGOR", "HENRY", "RICARDO"}
	batakFemale = []string{"ROSMAULI", "LASMARIA", "TIURMA", "ROMAULI", "DUMARIA", "RISMA", "SARMA",
		"NURCAHAYA", "MARINTAN", "TIOMINAR", "DERMAWATI", "MELATI", "ROSDIANA", "HOTMAIDA", "ROSLINA",
		"SERIDA", "LESTARI", "RUGUN"}
	batakMargaKristen = []string{"SIMANJUNTAK", "HUTAGALUNG", "PANJAITAN", "SIHOMBING", "SITUMORANG",
		"SINAGA", "MANURUNG", "SIMATUPANG", "TAMPUBOLON", "PANGARIBUAN", "GINTING", "SEMBIRING",
		"TARIGAN", "SITOMPUL", "NAINGGOLAN", "SIANTURI", "PARDEDE", "MARPAUNG", "SILALAHI", "SIAHAAN",
		"HUTAPEA", "SIBARANI", "SARAGIH", "PURBA", "DAMANIK", "SITORUS", "NAPITUPULU", "SIMAMORA"}
	batakMargaIslam = []string{"NASUTION", "HARAHAP", "LUBIS", "SIREGAR", "HASIBUAN", "DAULAY", "POHAN",
		"RITONGA", "DALIMUNTHE", "PULUNGAN", "BATUBARA", "RANGKUTI", "MATONDANG", "PARINDURI"}
)

// Balinese: birth-order names, prefixed I (men) or NI (women).
var (
	baliOrder      = [][]string{{"WAYAN", "PUTU", "GEDE"}, {"MADE", "KADEK"}, {"NYOMAN", "KOMANG"}, {"KETUT"}}
	baliOrderWoman = [][]string{{"WAYAN", "PUTU", "LUH"}, {"MADE", "KADEK"}, {"NYOMAN", "KOMANG"}, {"KETUT"}}
	baliMale       = []string{"SUARTANA", "ARDIKA", "WIRAWAN", "SUDARMA", "ADNYANA", "MAHENDRA", "SUKADANA",
		"ARTAWAN", "SUARDANA", "WIDIANA", "SURYAWAN", "PASEK", "SUWITRA", "DARMAYASA", "ASTAWA",
		"SUMERTA", "YASA", "MERTAYASA", "SUPARTA", "WIRYANA", "BUDIARTA", "SANTIKA"}
	baliFemale = []string{"ARIANI", "SUDARMI", "WIDIASTUTI", "MARTINI", "ARTINI", "SUKARMI", "ASTITI",
		"SRIANI", "SUARNI", "KARIASIH", "WIDIANI", "SUCIANI", "PURNAMI", "SUWENI", "DARMINI", "ARINI",
		"MURNIATI", "LASMI", "SUASTINI", "RATNADI"}
)

// Chinese-Indonesian. Most use Indonesian or Western given names and an
// Indonesianised family name; people born before the 1966 renaming policy
// often still carry a three-part Hokkien name.
var (
	tionghoaMale = []string{"HENDRA", "WILLIAM", "KEVIN", "STEVEN", "JOHAN", "SUSANTO", "ROBBY",
		"ERIC", "VINCENT", "BUDI", "FELIX", "JIMMY", "FERRY", "ANDREAS", "YOHAN", "SURYA", "ALVIN",
		"EDWIN", "RUDY", "TONY", "DAVID", "HARTONO", "WILSON", "JONATHAN"}
	tionghoaFemale = []string{"LINDA", "SUSI", "MELINDA", "JESSICA", "LILIANA", "FELICIA", "CYNTHIA",
		"YULIANA", "SHERLY", "VERONICA", "WENNY", "METTA", "LANNY", "MEILIANA", "VIVIAN", "IRENE",
		"CHRISTINE", "FANNY", "JENNY", "ELIZABETH", "SELVI", "NOVIA"}
	tionghoaFamily = []string{"WIJAYA", "HALIM", "KUSUMA", "SETIAWAN", "LIMANTO", "GUNAWAN", "HARTANTO",
		"SUGIARTO", "TANDIONO", "WIRAWAN", "TANUJAYA", "SANTOSO", "HANDOKO", "SUSILO", "LIEMANTO",
		"TJAHJADI", "SUDARSONO", "SETIADI", "WIDJAJA", "KURNIAWAN", "HERMANTO", "ANGKASA"}
	tionghoaOldFamily = []string{"TAN", "LIM", "LIE", "ONG", "GO", "THE", "KHO", "OEI", "TJIA", "KWEE",
		"LAUW", "NG", "SIE", "GOUW", "HO"}
	tionghoaSyllable = []string{"KIM", "LIONG", "HOK", "SIAN", "HWA", "BENG", "TJOEN", "SIOE", "GIOK",
		"MEI", "LAN", "HONG", "SENG", "HIEN", "TJIN", "BOEN", "KOK", "SWIE", "HAN", "TIONG", "LING"}
)

// Christian given names, as Indonesian Protestants and Catholics write them.
var (
	christianMale = []string{"YOHANES", "PETRUS", "PAULUS", "FRANSISKUS", "MARKUS", "YOSEF", "STEFANUS",
		"MIKAEL", "ROBERT", "FRANKY", "JEFRI", "DANIEL", "YAKOB", "ALFONSUS", "KORNELIS", "YULIUS",
		"ANDREAS", "SIMON", "MATIUS", "LUKAS", "GABRIEL", "SAMUEL", "ALBERTUS", "ANTONIUS", "BERNARDUS",
		"DOMINIKUS", "IGNASIUS", "YOHANIS", "ELIAS", "HENDRIK", "AGUSTINUS", "MARTINUS", "NIKOLAUS"}
	christianFemale = []string{"MARIA", "MAGDALENA", "KRISTINA", "YOHANA", "MARTHA", "AGUSTINA",
		"FRANSISKA", "ELISABETH", "YULIANA", "SERLI", "MERI", "NOVITA", "ANGELINA", "VERONIKA", "REGINA",
		"THERESIA", "ROSALINA", "SELVIANA", "KATARINA", "MARSELINA", "YOSEFINA", "DEBORA", "LIDIA",
		"RUTH", "MARLINA", "OKTAVIANA", "SISKA", "YANTI", "FEBRIANA"}
)

// Eastern family names by region.
var (
	famMinahasa = []string{"WOLA", "LUMENTUT", "RUNTUWENE", "SUMAMPOUW", "TUMBELAKA", "WAROUW", "PANGEMANAN",
		"KALALO", "RONDONUWU", "MANDAGI", "POLII", "SONDAKH", "TAMBUWUN", "WALANDOUW", "KAWULUSAN"}
	famMaluku = []string{"PATTIASINA", "LATUHERU", "SIAHAYA", "TUHUMURY", "LEWERISSA", "PATTIPEILOHY",
		"SAHETAPY", "WATTIMENA", "LATUMAHINA", "TUANAKOTTA", "PELUPESSY", "NANLOHY", "SOUHOKA"}
	famNTT = []string{"NDUN", "LAKA", "KOLO", "NENO", "BERE", "TAEK", "DA COSTA", "FERNANDEZ", "MAU",
		"NAHAK", "SERAN", "TALLO", "LEKI", "NGGADAS", "DJAWA", "LEO", "RATU", "WERANG", "LEWAR"}
	famPapua = []string{"RUMBIAK", "MANDOWEN", "RUMAKIEK", "WAROPEN", "KAFIAR", "SAWAKI", "AWOM", "IBO",
		"KOGOYA", "WANIMBO", "YIGIBALOM", "MABEL", "DIMARA", "WAYOI", "KREI", "RUMBEKWAN", "YOMAKI"}
	famDayak = []string{"ANJAU", "LAWING", "IBAU", "DJUAN", "NGABUT", "UNDAU", "LINGGANG", "LEDANG",
		"BALUA", "DJALONG", "TINGANG", "ANYIE"}
	famToraja = []string{"PASANG", "TANDI", "RANTE", "PALINGGI", "TODING", "SAMPE", "PARINDING",
		"TANGDILINTIN", "SARUNG", "BATARA", "PAEMBONAN", "LANDE"}
)

// Names without a marked religion, for the few non-Christian ethTimur
// people (Kaharingan Dayak).
var (
	neutralMale   = []string{"BUDI", "HERI", "DEDI", "ANTO", "RUDI", "YANTO", "HENDRA", "AGUS", "ANDI", "ADI"}
	neutralFemale = []string{"DEWI", "SRI", "LINA", "YANTI", "RINA", "WATI", "SUSI", "NOVI", "ERNA", "EVI"}
)
