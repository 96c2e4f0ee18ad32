package lexicon

// FunctionWords are words that carry no evidence of copying on their own,
// separated by white space: English function words, the verbs of
// attribution every story uses, titles, the days of the week and a few
// words of every story ("new", "last").
const FunctionWords = `
	a an the and or but nor so yet if then than that this these those there here
	of to in on at by for with from into onto about over under after before since until
	as per via up down out off upon within without against between among through during
	is are was were be been being am do does did done has have had having will would
	shall should can could may might must not no
	i me my we us our you your he him his she her it its they them their who whom whose
	which what when where why how all any both each few more most other some such only own
	same too very just also even still again further once
	said says say saying told tell added adding reported reports according noted stated
	mr mrs ms dr president presidents minister official officials spokesman spokeswoman
	monday tuesday wednesday thursday friday saturday sunday today yesterday week
	one two three new last first`

// Agencies are the news organisations whose names make "<name> reported"
// and "reporting by <name>" credits, separated by "|", each as written.
const Agencies = "AP|Associated Press|Reuters|AFP|Agence France-Presse|Agence France Presse|" +
	"TASS|Interfax|RIA Novosti|RIA|Sputnik|Bloomberg|CNN|BBC|NPR|UPI|dpa|DPA|Xinhua|Kyodo|Yonhap|ANSA|EFE|" +
	"PTI|Al Jazeera|New York Times|Washington Post|Wall Street Journal|Financial Times|Guardian|" +
	"RFE/RL|Radio Free Europe|Kommersant|Izvestia|Fox News|NBC|CBS|ABC|MSNBC|Politico|Axios"
