/* Read each iCalendar file named on the command line with libical (Debian's libical3,
 * the library of Evolution and KDE's tools) and print every error it finds: what its
 * parser could not read, and what its iTIP restrictions (RFC 5546, here METHOD:PUBLISH)
 * forbid or require. One line per error, "FILE: COMPONENT: message"; exit 1 when there
 * is any. With --times first, also each event's UID and start as a UTC instant, worked
 * out by libical from the file's own VTIMEZONE, one "UID START" line each. */
#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *read_file(const char *path) {
    FILE *file = fopen(path, "rb");
    if (!file) return NULL;
    fseek(file, 0, SEEK_END);
    long size = ftell(file);
    fseek(file, 0, SEEK_SET);
    char *text = malloc((size_t)size + 1);
    size_t got = fread(text, 1, (size_t)size, file);
    text[got] = '\0';
    fclose(file);
    return text;
}

static int report(const char *path, icalcomponent *component) {
    int errors = 0;
    for (icalproperty *p = icalcomponent_get_first_property(component, ICAL_XLICERROR_PROPERTY);
         p; p = icalcomponent_get_next_property(component, ICAL_XLICERROR_PROPERTY)) {
        printf("%s: %s: %s\n", path, icalcomponent_kind_to_string(icalcomponent_isa(component)),
               icalproperty_get_xlicerror(p));
        errors++;
    }
    for (icalcomponent *c = icalcomponent_get_first_component(component, ICAL_ANY_COMPONENT);
         c; c = icalcomponent_get_next_component(component, ICAL_ANY_COMPONENT)) {
        errors += report(path, c);
    }
    return errors;
}

static void times(icalcomponent *calendar) {
    icaltimezone *utc = icaltimezone_get_utc_timezone();
    for (icalcomponent *e = icalcomponent_get_first_component(calendar, ICAL_VEVENT_COMPONENT);
         e; e = icalcomponent_get_next_component(calendar, ICAL_VEVENT_COMPONENT)) {
        struct icaltimetype start = icaltime_convert_to_zone(icalcomponent_get_dtstart(e), utc);
        printf("%s %s\n", icalcomponent_get_uid(e), icaltime_as_ical_string(start));
    }
}

int main(int argc, char **argv) {
    int errors = 0;
    int show_times = argc > 1 && strcmp(argv[1], "--times") == 0;
    for (int i = 1 + show_times; i < argc; i++) {
        char *text = read_file(argv[i]);
        if (!text) {
            printf("%s: cannot be read\n", argv[i]);
            errors++;
            continue;
        }
        icalcomponent *calendar = icalparser_parse_string(text);
        if (!calendar || icalcomponent_isa(calendar) != ICAL_VCALENDAR_COMPONENT) {
            printf("%s: not a VCALENDAR\n", argv[i]);
            errors++;
        } else {
            icalrestriction_check(calendar); /* adds X-LIC-ERROR where iTIP is not met */
            errors += report(argv[i], calendar);
            if (show_times) times(calendar);
            int events = icalcomponent_count_components(calendar, ICAL_VEVENT_COMPONENT);
            printf("%s: %d events\n", argv[i], events);
            icalcomponent_free(calendar);
        }
        free(text);
    }
    return errors ? 1 : 0;
}
