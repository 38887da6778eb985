package fr.maillage.notification

import spock.lang.Specification

/** The new words of a reply, over shapes real mail clients write, in French and English. */
class ReplyTextSpec extends Specification {
    def "#client: only the new words are kept"() {
        expect:
        ReplyText.strip(mail) == 'Merci, je viens jeudi.'

        where:
        client                          | mail
        'Gmail, English'                | 'Merci, je viens jeudi.\n\nOn Thu, Dec 3, 2026 at 1:00 PM Ada <reply+abc-def@maillage.test> wrote:\n> Qui vient ?\n'
        'Gmail, English, header wrapped'| 'Merci, je viens jeudi.\n\nOn Thu, Dec 3, 2026 at 1:00 PM Ada Lovelace <\nreply+abc-def@maillage.test> wrote:\n> Qui vient ?'
        'Gmail, French'                 | 'Merci, je viens jeudi.\n\nLe jeu. 3 déc. 2026 à 13:00, Ada <reply+abc@maillage.test> a écrit :\n> Qui vient ?'
        'Gmail, French, header wrapped' | 'Merci, je viens jeudi.\n\nLe jeu. 3 déc. 2026 à 13:00, Ada <reply+abc@maillage.test> a\nécrit :\n> Qui vient ?'
        'Apple Mail, French'            | 'Merci, je viens jeudi.\n\n> Le 3 déc. 2026 à 13:00, Ada <a@b.fr> a écrit :\n> \n> Qui vient ?'
        'Thunderbird, English'          | 'Merci, je viens jeudi.\n\nOn 03/12/2026 13:00, Ada wrote:\n> Qui vient ?'
        'Outlook, French'               | 'Merci, je viens jeudi.\n\n________________________________\nDe : Maillage <reply+x@maillage.test>\nEnvoyé : jeudi 3 décembre 2026 13:00\nÀ : Zoé\nObjet : Qui vient ?'
        'Outlook, English, no line'     | 'Merci, je viens jeudi.\r\n\r\nFrom: Maillage <reply+x@maillage.test>\r\nSent: Thursday, December 3, 2026 1:00 PM\r\nTo: Zoé\r\nSubject: Qui vient ?'
        'Outlook, bold headers'         | 'Merci, je viens jeudi.\n\n*From:* Maillage <reply+x@maillage.test>\n*Sent:* Thursday\n*Subject:* Qui vient ?'
        'old Outlook, English'          | 'Merci, je viens jeudi.\n\n-----Original Message-----\nFrom: Maillage\nQui vient ?'
        'old Outlook, French'           | 'Merci, je viens jeudi.\n\n-----Message d\'origine-----\nDe : Maillage\nQui vient ?'
        'signature'                     | 'Merci, je viens jeudi.\n\n-- \nZoé Martin\nChargée de mission'
        'iPhone, French'                | 'Merci, je viens jeudi.\n\nEnvoyé de mon iPhone\n\n> Le 3 déc. 2026 à 13:00, Ada a écrit :'
        'iPhone, English'               | 'Merci, je viens jeudi.\n\nSent from my iPhone'
        'Outlook mobile'                | 'Merci, je viens jeudi.\n\nObtenir Outlook pour Android'
        'quote above (top-posted none)' | '> Qui vient ?\n\nMerci, je viens jeudi.'
    }

    def "an HTML-only reply becomes text, its quoted part dropped"() {
        expect:
        EmailReplies.htmlToText('<div dir="ltr">Merci, je <b>viens</b> jeudi.</div><br><div class="gmail_quote"><div>Le jeu. a écrit :</div><blockquote>Qui vient ?</blockquote></div>') ==
                'Merci, je **viens** jeudi.'
    }

    def "HTML turns into Markdown: #shape"() {
        expect:
        EmailReplies.htmlToText(html) == markdown

        where:
        shape                     | html                                                                                             || markdown
        'italics and a link'      | '<p>Voir <i>vite</i> <a href="https://example.org/x" target="_blank">ce lien</a>.</p>'          || 'Voir *vite* [ce lien](https://example.org/x).'
        'a list'                  | '<p>À prévoir :</p><ul>\n  <li>le plan</li>\n  <li>les clés</li>\n</ul>'                       || 'À prévoir :\n\n- le plan\n- les clés'
        'Outlook reply separator' | '<div>Oui.</div><div id="appendonsend"></div><hr><div id="divRplyFwdMsg"><b>De :</b> Maillage</div>' || 'Oui.'
        'Thunderbird citation'    | '<p>D\'accord.</p><div class="moz-cite-prefix">Le 03/12/2026 à 13:00, Maillage a écrit :</div>' || 'D\'accord.'
        'entities'                | '<p>Tom &amp; Léa &lt;3</p>'                                                                     || 'Tom & Léa <3'
    }
}
