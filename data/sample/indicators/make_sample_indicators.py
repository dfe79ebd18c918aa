#!/usr/bin/python3
"""Builds china_yearbook.csv and what_a_waste.csv of data/sample/indicators/ from
the shared datasets (see README.md in this folder for the mapping and credits).

    /usr/bin/python3 data/sample/indicators/make_sample_indicators.py ../shared/data
"""
import csv
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, '../../../../shared/data')
COLUMNS = ['city', 'indicator', 'period', 'value', 'unit', 'source_kind', 'source', 'note',
           'status', 'doubtful']

cities = list(csv.DictReader(open(os.path.join(HERE, '..', 'cities.csv'), encoding='utf-8')))
by_name = {(c['name_en'], c['country']): c['id'] for c in cities}


def num(text):
    """'0050' -> 50, '60.99 ' -> 60.99, '113.2958904109589' kept as written."""
    t = text.strip()
    v = float(t)
    return str(int(v)) if v == int(v) and '.' not in t else t


# ---- China Statistical Yearbook -------------------------------------------------
YB = os.path.join(DATA, 'china_city_yearbook')
YB_SOURCE = 'China Statistical Yearbook (NBS), via shared/data/china_city_yearbook/'
DOUBT = 'Doubtful: the 2011 values are fractional in the source sheet and look imputed, not official'
# Gas supply series that fall by more than 90 % in one year and then grow
# steadily: the years before the break are above Beijing's and Shanghai's
# (601 381 and 497 742 in 2008) for much smaller cities. The source gives no
# unit per year and the factors (x0.069 Urumqi 2009->2010, x0.034 Nanjing
# 2010->2011) are not powers of ten, so this is not a unit change that could
# be converted: the years before the break are kept as published and
# flagged doubtful.
GAS_BREAK = {'urumqi': 2010, 'nanjing': 2011}
DOUBT_GAS = ('Doubtful: {0} times the {1} value and above Beijing\'s 2008 supply; the drop in {1}'
             ' is not a power of ten (not a unit change); the series probably counts other'
             ' gases before {1} (unconfirmed)')
rows = []
skipped = set()


def yb_city(name):
    name = {"Xi'an": 'Xian'}.get(name.strip(), name.strip())
    code = by_name.get((name, 'CN'))
    if code is None:
        skipped.add(name)
    return code


for indicator, file in [('air.pm10.annual-mean', 'csy_31cities_PM10_2008_2017.csv'),
                        ('air.so2.annual-mean', 'csy_31cities_SO2_2008_2017.csv'),
                        ('air.no2.annual-mean', 'csy_31cities_NOx_sheet_NO2_2008_2017.csv')]:
    reader = csv.reader(open(os.path.join(YB, file), encoding='utf-8'))
    header = next(reader)
    years = [h for h in header if h.isdigit()]
    first = header.index(years[0])
    for r in reader:
        name = r[first - 1]
        code = yb_city(name)
        if code is None:
            continue
        for k, year in enumerate(years):
            cell = r[first + k].strip()
            if not cell:
                continue
            doubtful = year == '2011'
            rows.append([code, indicator, year, num(cell), 'ug/m3', 'reported',
                         YB_SOURCE + file, DOUBT if doubtful else '', 'published',
                         'yes' if doubtful else ''])

gas_at = {}  # (city code, year) -> total gas supply, for the break notes
for r in csv.DictReader(open(os.path.join(YB, 'final_air_pollution_30cities.csv'), encoding='utf-8')):
    code = by_name.get(({"Xi'an": 'Xian'}.get(r['city'].strip(), r['city'].strip()), 'CN'))
    if code is not None and r['total_gas_supply'].strip():
        gas_at[(code, int(r['year']))] = float(r['total_gas_supply'])

for r in csv.DictReader(open(os.path.join(YB, 'final_air_pollution_30cities.csv'), encoding='utf-8')):
    code = yb_city(r['city'])
    if code is None:
        continue
    for indicator, column, unit in [('green.built-up-coverage', 'green_coveraged', '%'),
                                    ('energy.total-gas-supply', 'total_gas_supply', '10k m3/year')]:
        cell = r[column].strip()
        if not cell:
            continue
        note = DOUBT if r['year'] == '2011' else ''
        brk = GAS_BREAK.get(code) if column == 'total_gas_supply' else None
        if brk is not None and int(r['year']) < brk:
            after = gas_at[(code, brk)]
            note = DOUBT_GAS.format(round(float(cell) / after), brk)
        rows.append([code, indicator, r['year'], num(cell), unit, 'reported',
                     YB_SOURCE + 'final_air_pollution_30cities.csv (' + column + ')',
                     note, 'published', 'yes' if note else ''])

rows.sort(key=lambda x: (x[0], x[1], x[2]))
with open(os.path.join(HERE, 'china_yearbook.csv'), 'w', encoding='utf-8', newline='') as f:
    w = csv.writer(f, lineterminator='\n')
    w.writerow(COLUMNS)
    w.writerows(rows)
print('china_yearbook.csv:', len(rows), 'rows; yearbook cities not in the sample:', sorted(skipped))

# ---- What a Waste 2.0 -------------------------------------------------------------
WW = os.path.join(DATA, 'what_a_waste_cities')
ISO3 = {'CN': 'CHN', 'JP': 'JPN', 'KR': 'KOR', 'MN': 'MNG', 'ID': 'IDN', 'TH': 'THA', 'VN': 'VNM',
        'PH': 'PHL', 'KH': 'KHM', 'LA': 'LAO', 'MM': 'MMR', 'MY': 'MYS', 'BD': 'BGD', 'NP': 'NPL',
        'LK': 'LKA', 'IN': 'IND', 'PK': 'PAK', 'FJ': 'FJI', 'HK': 'HKG', 'MO': 'MAC'}
sample_by_iso_name = {(ISO3.get(c['country']), c['name_en']): c['id'] for c in cities}
years = {}
for r in csv.DictReader(open(os.path.join(WW, 'city_level_codebook_0.csv'), encoding='utf-8')):
    years[(r['iso3c'], r['city_name'].strip(), r['measurement'])] = r['year']
WW_SOURCE = 'What a Waste 2.0 city-level data (Kaza et al. 2018, World Bank, CC BY 4.0)'
CONTROLLED = ['sanitary_landfill_landfill_gas_system', 'controlled_landfill', 'incineration',
              'advanced_thermal_treatment', 'anaerobic_digestion', 'compost', 'recycling']
rows = []
matches = []
for r in csv.DictReader(open(os.path.join(WW, 'city_level_data_0_0.csv'), encoding='utf-8')):
    key = (r['iso3c'], r['city_name'].strip())
    code = sample_by_iso_name.get(key)
    if code is None:
        continue
    matches.append((code, key))
    gen_m = 'total_msw_total_msw_generated_tons_year'
    pop_m = 'population_population_number_of_people'
    gen, pop = r[gen_m].strip(), r[pop_m].strip()
    gen_year = years.get(key + (gen_m,), '')

    def add(indicator, period, value, unit, note=''):
        rows.append([code, indicator, period, value, unit, 'reported', WW_SOURCE, note,
                     'published', ''])

    if gen and gen_year:
        add('waste.msw.generated', gen_year, num(gen), 't/year')
        if pop:
            pop_year = years.get(key + (pop_m,), '')
            per_capita = float(gen) * 1000 / 365 / float(pop)
            add('waste.msw.generation-per-capita', gen_year, f'{per_capita:.4g}', 'kg/capita/day',
                f'Generated {gen} t/year ({gen_year}) over population {pop} ({pop_year}) and 365 days')
    cov_m = 'waste_collection_coverage_total_percent_of_population_percent_of_population'
    # The codebook dates only population and generation; the other measurements
    # take the generation year, and say so.
    undated = 'The codebook gives no year for this measurement; period is the year of the generation figure'
    if r[cov_m].strip() and gen_year:
        add('waste.msw.collection-coverage', years.get(key + (cov_m,), gen_year), num(r[cov_m]), '%',
            '' if key + (cov_m,) in years else undated)
    shares = {k[len('waste_treatment_'):-len('_percent')]: float(v) for k, v in r.items()
              if k.startswith('waste_treatment_') and v.strip()}
    share_years = [years.get(key + ('waste_treatment_' + s + '_percent',), '') for s in shares]
    share_year = max([y for y in share_years if y], default=gen_year)
    if shares and share_year:
        for indicator, part in [('waste.msw.sanitary-landfill-share', 'sanitary_landfill_landfill_gas_system'),
                                ('waste.msw.incineration-share', 'incineration'),
                                ('waste.msw.recycling-share', 'recycling'),
                                ('waste.msw.compost-share', 'compost'),
                                ('waste.msw.open-dump-share', 'open_dump')]:
            add(indicator, share_year, f'{shares.get(part, 0.0):g}', '%',
                ('' if part in shares else 'Not listed among the city\'s treatment shares: 0. ') + undated)
        controlled = sum(shares.get(p, 0.0) for p in CONTROLLED)
        parts = ', '.join(f'{p} {shares[p]:g}' for p in CONTROLLED if p in shares)
        add('waste.msw.safe-disposal-rate', share_year, f'{controlled:g}', '%',
            'Sum of the controlled treatment shares: ' + (parts or 'none') + '. ' + undated)

rows.sort(key=lambda x: (x[0], x[1], x[2]))
with open(os.path.join(HERE, 'what_a_waste.csv'), 'w', encoding='utf-8', newline='') as f:
    w = csv.writer(f, lineterminator='\n')
    w.writerow(COLUMNS)
    w.writerows(rows)
print('what_a_waste.csv:', len(rows), 'rows; matches:', sorted(matches))
